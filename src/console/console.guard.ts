import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../common/secrets';
import type { ConsoleContext } from './console-context';
import { ConsoleErrorCode, ConsoleException, ConsoleLoginRequired, csrfRefused } from './console.exception';
import { readCookie, SESSION_COOKIE } from './console-http';
import { ConsoleSessions } from './console-sessions.service';

// Still exported from here for the console's controllers and pages.
export type { ConsoleContext } from './console-context';
export { ConsoleLoginRequired, CSRF_REFUSED } from './console.exception';

type ConsoleRequest = FastifyRequest & { console?: ConsoleContext };

const PUBLIC = 'console:public';
const SUPER_ONLY = 'console:super-only';
/** A page anyone may open (login, the stylesheet). */
export const ConsolePublic = () => SetMetadata(PUBLIC, true);
/** Managing other console admins: the super admin only. */
export const SuperOnly = () => SetMetadata(SUPER_ONLY, true);

/**
 * Every console route: a live session, the session's CSRF token on anything but GET (in the form's
 * `_csrf` field or the `x-csrf-token` header), and the super admin role where marked.
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = await this.sessions.resolve(readCookie(request, SESSION_COOKIE));
    if (!session) throw new ConsoleLoginRequired();
    request.console = session;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const given = (request.body as Record<string, unknown> | undefined)?._csrf ?? request.headers['x-csrf-token'];
      if (typeof given !== 'string' || !constantTimeEqual(given, session.csrfToken)) throw csrfRefused();
    }
    if (this.reflector.getAllAndOverride<boolean>(SUPER_ONLY, targets) && session.admin.role !== 'super') {
      throw new ConsoleException(ConsoleErrorCode.SUPER_ADMIN_ONLY, 'Only the super admin manages console admins. You may change your own profile and password.');
    }
    return true;
  }
}

export const Console = createParamDecorator((_: unknown, context: ExecutionContext): ConsoleContext => {
  return context.switchToHttp().getRequest<ConsoleRequest>().console!;
});

/** The session of a request, when the guard found one (error pages show the menu with it). */
export function consoleOf(request: FastifyRequest): ConsoleContext | undefined {
  return (request as ConsoleRequest).console;
}
