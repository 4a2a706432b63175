import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ParseIdPipe } from '../common/id.pipe';
import { MASK } from '../common/secrets';
import { InstanceView } from '../instances/instances.dto';
import { CallbackQuery, ConsoleConnect } from './console-connect.service';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePages, seeOther } from './console-http';
import { ConsoleInstances } from './console-instances.service';
import { ConsoleTokenFlash } from './console-token-flash';
import { ConnectDto, ConnectTokenDto } from './console.dto';
import { Console, ConsoleContext, ConsoleGuard } from './console.guard';
import { connectedPage, reauthorizedPage } from './views/connected.page';
import { connectPage, connectTokenPage } from './views/connect.page';

/** Connecting a Webex account: the form, the trip to Webex's consent page, the hub's callback. */
// HTML pages for people, not API operations: left out of the API document.
@ApiExcludeController()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class ConsoleConnectController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly connect: ConsoleConnect,
    private readonly instances: ConsoleInstances,
    private readonly flash: ConsoleTokenFlash,
  ) {}

  @Get('connect')
  form(@Res() reply: FastifyReply, @Console() session: ConsoleContext) {
    const { defaultScopes, hasDefaultClient, callbackUrl } = this.connect;
    return this.pages.send(reply, 200, connectPage(session, { defaultScopes, hasDefaultClient, callbackUrl }));
  }

  @Post('connect')
  @HttpCode(200)
  async start(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Body() dto: ConnectDto) {
    return reply.redirect(await this.connect.start(session, dto), 303);
  }

  /** "Re-authorize": the instance's own integration and scopes, back to Webex's consent page. */
  @Post('instances/:id/reauthorize')
  @HttpCode(200)
  async reauthorize(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    return reply.redirect(await this.connect.startReauthorize(session, id), 303);
  }

  @Get('connect/token')
  tokenForm(@Res() reply: FastifyReply, @Console() session: ConsoleContext) {
    return this.pages.send(reply, 200, connectTokenPage(session));
  }

  @Post('connect/token')
  @HttpCode(200)
  async fromToken(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Console() session: ConsoleContext, @Body() dto: ConnectTokenDto) {
    return this.done(request, reply, session, await this.connect.fromToken(session, dto));
  }

  /** Where Webex sends the browser back: `HUB_PUBLIC_URL` + `/elements/api-v2/console/oauth/callback`. */
  @Get('oauth/callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Console() session: ConsoleContext, @Query() query: CallbackQuery) {
    return this.done(request, reply, session, await this.connect.complete(session, query));
  }

  /** Who connected, and the instance token the first time only. */
  @Get('instances/:id/connected')
  async connected(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number, @Query('done') done?: string) {
    const instance = await this.instances.get(session.admin, id);
    if (done === 'reauthorized') return this.pages.send(reply, 200, reauthorizedPage(session, instance));
    return this.pages.send(reply, 200, connectedPage(session, instance, this.flash.take(request, reply, session, id)));
  }

  /** A new instance carries its token, which goes to the next page only; a re-authorized one keeps its token. */
  private done(request: FastifyRequest, reply: FastifyReply, session: ConsoleContext, instance: InstanceView): FastifyReply {
    if (instance.token === MASK) return seeOther(reply, `/instances/${instance.id}/connected?done=reauthorized`);
    this.flash.hold(request, reply, session, instance.id, instance.token);
    return seeOther(reply, `/instances/${instance.id}/connected`);
  }
}
