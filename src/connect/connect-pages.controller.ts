import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newSecret } from '../common/secrets';
import { ConsolePages, readCookie } from '../console/console-http';
import { ConnectFlow, ConnectPage } from './connect-flow.service';
import { CONNECT_PATH } from './connect-sessions.service';
import { connectPage, RETURN_DELAY_SECONDS } from './connect.pages';

/** The cookie that ties a consent to the browser that started it. */
const BROWSER_COOKIE = 'hub_connect';
const BROWSER_COOKIE_SECONDS = 86_400;

/** One value of a query or form field: a repeated field or anything but text counts as absent. */
function field(source: unknown, name: string): string | undefined {
  const value = source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value && value.length <= 4096 ? value : undefined;
}

/**
 * The end user's pages, which need no hub account: the link's start page (`?token=` keeps the
 * link's key out of the request log, which redacts that parameter), the button's post, and the
 * hub's redirect URI. Pages for people, so not in the API document.
 */
@ApiExcludeController()
@Controller('connect')
export class ConnectPagesController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly flow: ConnectFlow,
  ) {}

  @Get()
  async open(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const page = await this.flow.open(field(request.query, 'token'));
    if (page.page === 'start' && !readCookie(request, BROWSER_COOKIE)) {
      const secure = request.protocol === 'https' ? '; Secure' : '';
      void reply.header('set-cookie', `${BROWSER_COOKIE}=${newSecret()}; Path=${CONNECT_PATH}; Max-Age=${BROWSER_COOKIE_SECONDS}; HttpOnly; SameSite=Lax${secure}`);
    }
    return this.send(request, reply, page);
  }

  @Post()
  @HttpCode(200)
  async start(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const next = await this.flow.start(field(request.body, 'token'), readCookie(request, BROWSER_COOKIE));
    return typeof next === 'string' ? reply.redirect(next, 303) : this.send(request, reply, next);
  }

  /** Where Webex sends the browser back: `HUB_PUBLIC_URL` + `/elements/api-v2/connect/oauth/callback`. */
  @Get('oauth/callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const query = { code: field(request.query, 'code'), state: field(request.query, 'state'), error: field(request.query, 'error'), error_description: field(request.query, 'error_description') };
    return this.send(request, reply, await this.flow.callback(query, readCookie(request, BROWSER_COOKIE)));
  }

  private send(request: FastifyRequest, reply: FastifyReply, page: ConnectPage): FastifyReply {
    // Connected: the page says as whom, then the browser goes on to the application.
    if (page.page === 'connected') void reply.header('refresh', `${RETURN_DELAY_SECONDS}; url=${page.returnTo}`);
    return this.pages.send(reply, page.page === 'ended' ? page.status : 200, connectPage(page, String(request.id)));
  }
}
