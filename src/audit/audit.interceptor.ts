import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { concatMap, from, Observable, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Credentials } from '../auth/auth.guard';
import { API_PREFIX } from '../config/hub-config';
import type { ConsoleContext } from '../console/console-context';
import { InstanceResolver } from '../instances/instance-resolver';
import { maskedJson } from '../trace-logging/secret-masking';
import { AuditLog } from './audit-log.service';
import { auditedAction, AuditedRoute, auditedRoute } from './audited-routes';

/** What the guards left on the request: the API caller, or the console session. */
type AuditedRequest = FastifyRequest & { credentials?: Credentials; console?: ConsoleContext };

/** What is known of the changed instance before the handler runs (a deleted one is gone after). */
interface Known {
  instanceId?: number;
  organizationId?: number;
}

const CHANGES_LIMIT = 16_384;

/**
 * Records each successful change on an audited route (audited-routes.ts), API and console alike.
 * An interceptor rather than a call in every service: it sees the route pattern, the caller the
 * guards resolved, the body and the answer, and runs before the handler (to find the instance an
 * Element token names, or a console-deleted instance's organization) and after its success only,
 * so a refused request leaves no entry.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditLog,
    private readonly resolver: InstanceResolver,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const route = auditedRoute(request.method, request.routeOptions?.url, API_PREFIX);
    if (!route) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const status = (): number => (reply.sent ? reply.statusCode : (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK)));
    return from(this.before(request, route)).pipe(
      switchMap((known) =>
        next.handle().pipe(
          concatMap(async (answer: unknown) => {
            await this.audit.record(this.entryOf(request, route, known, answer, reply, status()));
            return answer;
          }),
        ),
      ),
    );
  }

  private async before(request: AuditedRequest, route: AuditedRoute): Promise<Known> {
    if (!route.instance) return {};
    const id = idParam(request);
    try {
      if (id !== undefined && route.console) {
        const [row] = (await this.dataSource.query(`SELECT organization_id FROM instances WHERE id = $1`, [id])) as Array<{ organization_id: number }>;
        return { instanceId: id, organizationId: row?.organization_id };
      }
      const caller = request.credentials;
      if (id === undefined && caller?.elementToken && route.action !== 'create') {
        const instance = await this.resolver.byToken(caller, caller.elementToken);
        return { instanceId: instance.id, organizationId: instance.organizationId };
      }
    } catch {
      // The handler meets the same refusal and answers it; nothing is recorded then.
    }
    return { instanceId: id };
  }

  private entryOf(request: AuditedRequest, route: AuditedRoute, known: Known, answer: unknown, reply: FastifyReply, status: number) {
    const caller = request.credentials;
    const admin = request.console?.admin;
    const organizationId = known.organizationId ?? caller?.organization.id ?? admin?.organizationId ?? null;
    const resourceId =
      known.instanceId ??
      idParam(request) ??
      idOf(answer) ??
      idInLocation(reply) ??
      (route.owner === 'organization' ? organizationId : undefined) ??
      (route.self ? admin?.id : undefined) ??
      null;
    return {
      organizationId,
      userId: caller?.user.id ?? null,
      consoleAdminId: admin?.id ?? null,
      ipAddress: request.ip,
      method: request.method,
      resourceUri: request.url.split('?')[0],
      status,
      resourceType: route.resource,
      resourceId,
      instanceId: route.instance ? resourceId : null,
      action: auditedAction(route, reply.getHeader('location')),
      changes: changesText(request, route),
    };
  }
}

/** The fields the request set and their new values; secrets masked, the console's `_csrf` left out. */
function changesText(request: FastifyRequest, route: AuditedRoute): string | null {
  const body = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
  const params = (request.params ?? {}) as Record<string, string>;
  const fields = route.configurationEntry ? { [params.configId]: body.propertyValue } : Object.fromEntries(Object.entries(body).filter(([name]) => !name.startsWith('_')));
  const changes = { ...fields, ...route.sets };
  return Object.keys(changes).length ? maskedJson(changes, CHANGES_LIMIT) : null;
}

function idParam(request: FastifyRequest): number | undefined {
  const id = Number((request.params as Record<string, string> | undefined)?.id);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function idOf(answer: unknown): number | undefined {
  const id = (answer as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'number' ? id : undefined;
}

/** The console answers a creation with a redirect to the new instance's page. */
function idInLocation(reply: FastifyReply): number | undefined {
  const location = reply.getHeader('location');
  const match = typeof location === 'string' ? /\/instances\/(\d+)\//.exec(location) : null;
  return match ? Number(match[1]) : undefined;
}
