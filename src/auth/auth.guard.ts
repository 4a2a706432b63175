import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthErrorCode, AuthException } from './auth.exception';
import { AuthService, Credentials } from './auth.service';
import { OrganizationRateLimit } from './organization-rate-limit';

export type { Credentials } from './auth.service';

type AuthenticatedRequest = FastifyRequest & { credentials?: Credentials };

const ADMIN_ONLY = 'hub:admin-only';
/** Marks a handler (or controller) as open to organization admins only. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);
/** Whether a handler, or else its controller, is marked `@AdminOnly()` (the API document lists its 403). */
export const isAdminOnly = (handler: object, controller: object): boolean => Boolean(Reflect.getMetadata(ADMIN_ONLY, handler) ?? Reflect.getMetadata(ADMIN_ONLY, controller));

@Injectable()
export class CredentialsGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    private readonly rateLimit: OrganizationRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credentials = await this.check(request.headers.authorization);
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [context.getHandler(), context.getClass()]);
    if (adminOnly && credentials.user.role !== 'admin') throw new AuthException(AuthErrorCode.ADMIN_ONLY, 'Only organization admins may do this');
    request.credentials = credentials;
    return true;
  }

  /** The caller an Authorization header names (401 when none), after its organization's rate limit (429). */
  async check(authorization: string | undefined): Promise<Credentials> {
    const credentials = await this.auth.authenticate(authorization);
    this.rateLimit.take(credentials.organization.id);
    return credentials;
  }
}

export const Creds = createParamDecorator((_: unknown, context: ExecutionContext): Credentials => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().credentials!;
});
