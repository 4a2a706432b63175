import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HubConfig } from '../config/hub-config';
import { ParseIdPipe } from '../common/id.pipe';
import { constantTimeEqual, newSecret } from '../common/secrets';
import { clearCookie, CONSOLE_PATH, ConsolePages, LOGIN_CSRF_COOKIE, readCookie, seeOther, SESSION_COOKIE, setCookie } from './console-http';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleInstances } from './console-instances.service';
import { ConsoleLoginRateLimit } from './console-login-rate-limit';
import { ConsoleSessions } from './console-sessions.service';
import { InstancesQueryDto, LoginDto } from './console.dto';
import { Console, ConsoleContext, ConsoleGuard, ConsolePublic } from './console.guard';
import { ConsoleErrorCode, ConsoleException, csrfRefused } from './console.exception';
import { CONSOLE_CSS } from './views/console-style';
import { deleteInstancePage, instancePage } from './views/instance.page';
import { instancesPage } from './views/instances.page';
import { loginPage } from './views/login.page';

const NOTICES: Record<string, string> = {
  refreshed: 'The access token was refreshed.',
  disabled: 'The instance was disabled: hub calls with its token are refused until it is enabled.',
  enabled: 'The instance was enabled.',
  deleted: 'The instance was deleted.',
  redelivered: 'The event was queued for delivery again.',
  'needs-reauthorization':
    'Webex no longer honours this instance’s grant, so its tokens cannot be refreshed. Re-authorize it: you go through Webex’s consent page again, and the instance keeps its id and token.',
  'logged-out': 'You are logged out.',
};

/** The console's login, its instances page and the instance actions. */
// HTML pages for people, not API operations: left out of the API document.
@ApiExcludeController()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class ConsoleController {
  constructor(
    private readonly config: HubConfig,
    private readonly pages: ConsolePages,
    private readonly sessions: ConsoleSessions,
    private readonly instances: ConsoleInstances,
    private readonly loginRateLimit: ConsoleLoginRateLimit,
  ) {}

  /** `/console`, outside the API prefix, for people typing the address. */
  @Get()
  @ConsolePublic()
  home(@Res() reply: FastifyReply) {
    return reply.redirect(`${CONSOLE_PATH}/instances`, 302);
  }

  @Get('console.css')
  @ConsolePublic()
  stylesheet(@Res() reply: FastifyReply) {
    return reply.headers({ 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }).send(CONSOLE_CSS);
  }

  @Get('login')
  @ConsolePublic()
  loginForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('done') done?: string) {
    return this.pages.send(reply, 200, loginPage(this.loginCsrf(request, reply), { notice: NOTICES[String(done)] }));
  }

  /** Login CSRF: the form's token must match the one set in a cookie with the form (double submit). */
  @Post('login')
  @ConsolePublic()
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() dto: LoginDto) {
    const expected = readCookie(request, LOGIN_CSRF_COOKIE);
    const given = (request.body as Record<string, unknown>)._csrf;
    if (!expected || typeof given !== 'string' || !constantTimeEqual(given, expected)) throw csrfRefused();
    // The client address as Fastify's trustProxy setting gives it (the socket's, or a trusted proxy's X-Forwarded-For).
    this.loginRateLimit.take(request.ip);
    try {
      const { sessionId } = await this.sessions.login(dto.username, dto.password, request.ip);
      clearCookie(request, reply, LOGIN_CSRF_COOKIE);
      setCookie(request, reply, SESSION_COOKIE, sessionId, this.config.HUB_CONSOLE_SESSION_MINUTES * 60);
      return seeOther(reply, '/instances');
    } catch (error) {
      if (!(error instanceof ConsoleException) || error.code !== ConsoleErrorCode.WRONG_LOGIN) throw error;
      return this.pages.send(reply, 401, loginPage(this.loginCsrf(request, reply), { error: error.message, username: dto.username }));
    }
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Console() session: ConsoleContext) {
    await this.sessions.logout(session.sessionId);
    clearCookie(request, reply, SESSION_COOKIE);
    return seeOther(reply, '/login?done=logged-out');
  }

  @Get('instances')
  async list(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Query() query: InstancesQueryDto) {
    const search = { search: query.search, status: query.status, next: query.next };
    const listing = await this.instances.page(session.admin, search);
    return this.pages.send(reply, 200, instancesPage(session, listing, { ...search, page: query.page ?? 1 }, NOTICES[String(query.done)]));
  }

  @Get('instances/:id')
  async show(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number, @Query('done') done?: string) {
    return this.pages.send(reply, 200, instancePage(session, await this.instances.detail(session.admin, id), NOTICES[String(done)]));
  }

  /** An instance whose grant Webex refused cannot be refreshed: its page says so and offers Re-authorize. */
  @Post('instances/:id/refresh')
  @HttpCode(200)
  async refresh(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    if (!(await this.instances.refresh(session.admin, id))) return seeOther(reply, `/instances/${id}?done=needs-reauthorization`);
    return seeOther(reply, `/instances?done=refreshed#instance-${id}`);
  }

  @Post('instances/:id/disable')
  @HttpCode(200)
  async disable(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    await this.instances.setEnabled(session.admin, id, false);
    return seeOther(reply, `/instances?done=disabled#instance-${id}`);
  }

  @Post('instances/:id/enable')
  @HttpCode(200)
  async enable(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    await this.instances.setEnabled(session.admin, id, true);
    return seeOther(reply, `/instances?done=enabled#instance-${id}`);
  }

  /** The confirmation step before a delete. */
  @Get('instances/:id/delete')
  async confirmDelete(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    return this.pages.send(reply, 200, deleteInstancePage(session, await this.instances.get(session.admin, id)));
  }

  @Post('instances/:id/delete')
  @HttpCode(200)
  async remove(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    await this.instances.remove(session.admin, id);
    return seeOther(reply, '/instances?done=deleted');
  }

  @Post('instances/:id/events/:eventId/redeliver')
  @HttpCode(200)
  async redeliver(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number, @Param('eventId') eventId: string) {
    await this.instances.redeliver(session.admin, id, eventId);
    return seeOther(reply, `/instances/${id}?done=redelivered`);
  }

  private loginCsrf(request: FastifyRequest, reply: FastifyReply): string {
    const existing = readCookie(request, LOGIN_CSRF_COOKIE);
    const token = existing && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : newSecret();
    setCookie(request, reply, LOGIN_CSRF_COOKIE, token, 3600);
    return token;
  }
}
