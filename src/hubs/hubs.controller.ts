import { Controller, Delete, Get, Patch, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { HubCalls, HubQuery } from './hub-calls.service';

/**
 * `/hubs/{hub}/...`: one handler for every hub resource; the element definition decides what a
 * path means. Documented from the same definition by `addHubPaths` (hence excluded here).
 */
@ApiExcludeController()
@UseGuards(CredentialsGuard)
@Controller('hubs')
export class HubsController {
  constructor(private readonly hubs: HubCalls) {}

  // One route per verb a resource may offer (not @All: TRACE, OPTIONS, ... are no hub operations).
  @Get(':hub/*')
  get(@Creds() caller: Credentials, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(caller, request, reply);
  }

  @Post(':hub/*')
  post(@Creds() caller: Credentials, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(caller, request, reply);
  }

  @Put(':hub/*')
  put(@Creds() caller: Credentials, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(caller, request, reply);
  }

  @Patch(':hub/*')
  patch(@Creds() caller: Credentials, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(caller, request, reply);
  }

  @Delete(':hub/*')
  delete(@Creds() caller: Credentials, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(caller, request, reply);
  }

  private async forward(caller: Credentials, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const answer = await this.hubs.call(caller, {
      method: request.method,
      path: hubPath(request.url),
      query: (request.query ?? {}) as HubQuery,
      body: request.body,
    });
    // Every success is a 200, Webex's 204 included (with an empty body).
    void reply.code(200).headers(answer.headers).send(answer.body);
  }
}

/** `/elements/api-v2/hubs/{hub}/channels/x?y` -> `channels/x`. */
function hubPath(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const hubs = path.indexOf('/hubs/');
  const rest = path.indexOf('/', hubs + 6);
  return rest === -1 ? '' : path.slice(rest + 1).replace(/\/+$/, '');
}
