import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConsolePages } from '../console/console-http';
import { callbackPage } from './callback.page';

/**
 * `GET /callback`: the redirect URI of the README's walkthrough, so a browser that consents lands
 * on a page showing the code instead of a 404. A page for a person, so not in the API document.
 */
@ApiExcludeController()
@Controller('callback')
export class OAuthCallbackController {
  constructor(private readonly pages: ConsolePages) {}

  @Get()
  show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const query = request.query as Record<string, unknown>;
    // A repeated parameter is an array: only single string values are shown.
    const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).slice(0, 2000) : undefined);
    const page = callbackPage({ code: text('code'), state: text('state'), error: text('error'), errorDescription: text('error_description') });
    // A page for a person: one that says nothing arrived is still a page, not an API error.
    return this.pages.send(reply, 200, page);
  }
}
