import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthErrorCode, AuthException, invalidCredentials } from './auth.exception';
import { AuthService, Credentials } from './auth.service';
import { OrganizationRateLimit } from './organization-rate-limit';

export type { Credentials } from './auth.service';

const ORGANIZATION_NEEDED = 'This call needs the Organization secret: send Authorization: User <secret>, Organization <secret>';

type AuthenticatedRequest = FastifyRequest & { credentials?: Credentials };

const ADMIN_ONLY = 'hub:admin-only';
/** Marks a handler (or controller) as open to organization admins only. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);
/** Whether a handler, or else its controller, is marked `@AdminOnly()` (the API document lists its 403). */
export const isAdminOnly = (handler: object, controller: object): boolean => Boolean(Reflect.getMetadata(ADMIN_ONLY, handler) ?? Reflect.getMetadata(ADMIN_ONLY, controller));

const USER_AND_ELEMENT = 'hub:user-and-element';
/**
 * Marks a handler (or controller) that acts on the instance of the Element token, where
 * `User <secret>, Element <token>` is enough, as on hub calls. Elsewhere the Organization secret is needed.
 */
export const AcceptsUserAndElement = () => SetMetadata(USER_AND_ELEMENT, true);

@Injectable()
export class CredentialsGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    private readonly rateLimit: OrganizationRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const marked = [context.getHandler(), context.getClass()];
    const credentials = await this.auth.authenticate(request.headers.authorization);
    if (credentials.viaElementToken && !this.reflector.getAllAndOverride<boolean>(USER_AND_ELEMENT, marked)) throw invalidCredentials(ORGANIZATION_NEEDED);
    this.rateLimit.take(credentials.organization.id);
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, marked);
    if (adminOnly && credentials.user.role !== 'admin') throw new AuthException(AuthErrorCode.ADMIN_ONLY, 'Only organization admins may do this');
    request.credentials = credentials;
    return true;
  }

  /**
   * The caller of a hub call (401 when none), after its organization's rate limit (429): hub
   * calls act on the instance of the Element token, so `User …, Element …` is enough.
   */
  async check(authorization: string | undefined): Promise<Credentials> {
    const credentials = await this.auth.authenticate(authorization);
    this.rateLimit.take(credentials.organization.id);
    return credentials;
  }

  /** The caller of a hub call as `check` cached it, if it has; nothing is charged (the early answer charges once it answers). */
  known(authorization: string | undefined): Credentials | undefined {
    return this.auth.known(authorization);
  }
}

export const Creds = createParamDecorator((_: unknown, context: ExecutionContext): Credentials => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().credentials!;
});
