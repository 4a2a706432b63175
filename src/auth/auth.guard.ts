import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ForbiddenException } from '../common/hub.exception';
import { AuthService, Caller } from './auth.service';
import { parseAuthorization } from './credentials';
import { OrganizationRateLimit } from './organization-rate-limit';

/** What a guarded handler knows of its caller; `elementToken` is set when the header had one. */
export interface Credentials extends Caller {
  elementToken?: string;
}

type AuthenticatedRequest = FastifyRequest & { credentials?: Credentials };

const ADMIN_ONLY = 'hub:admin-only';
/** Marks a handler (or controller) as open to organization admins only. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

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
    if (adminOnly && credentials.user.role !== 'admin') throw new ForbiddenException('Only organization admins may do this');
    request.credentials = credentials;
    return true;
  }

  /** The caller an Authorization header names (401 when none), after its organization's rate limit (429). */
  async check(authorization: string | undefined): Promise<Credentials> {
    const parts = parseAuthorization(authorization);
    const caller = await this.auth.authenticate(parts);
    this.rateLimit.take(caller.organization.id);
    return { ...caller, elementToken: parts.element };
  }
}

export const Creds = createParamDecorator((_: unknown, context: ExecutionContext): Credentials => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().credentials!;
});
