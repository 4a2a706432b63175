import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '../common/id.pipe';
import { CallbackQuery, ConsoleConnect } from './console-connect.service';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePages, seeOther } from './console-http';
import { ConsoleInstances } from './console-instances.service';
import { ConnectDto, ConnectTokenDto } from './console.dto';
import { Console, ConsoleContext, ConsoleGuard } from './console.guard';
import { connectPage, connectTokenPage } from './views/connect.page';
import { connectedPage } from './views/instances.page';

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

  @Get('connect/token')
  tokenForm(@Res() reply: FastifyReply, @Console() session: ConsoleContext) {
    return this.pages.send(reply, 200, connectTokenPage(session));
  }

  @Post('connect/token')
  @HttpCode(200)
  async fromToken(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Body() dto: ConnectTokenDto) {
    const instance = await this.connect.fromToken(session, dto);
    return seeOther(reply, `/instances/${instance.id}/connected`);
  }

  /** Where Webex sends the browser back: `HUB_PUBLIC_URL` + `/elements/api-v2/console/oauth/callback`. */
  @Get('oauth/callback')
  async callback(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Query() query: CallbackQuery) {
    const instance = await this.connect.complete(session, query);
    return seeOther(reply, `/instances/${instance.id}/connected`);
  }

  @Get('instances/:id/connected')
  async connected(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    return this.pages.send(reply, 200, connectedPage(session, await this.instances.get(session.admin, id)));
  }
}
