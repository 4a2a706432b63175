import type { AuditResource } from './audit-entry.entity';

/** What a successful request on an audited route records. */
export interface AuditedRoute {
  resource: AuditResource;
  action: string;
  /** Whose secret a `secret` entry rotates, which names the entry's instance when it is an instance's. */
  owner?: 'user' | 'organization' | 'instance';
  /** The route changes one instance: named by `:id`, else by the Element token, else by the answer. */
  instance?: boolean;
  /** Fields the route sets whatever its body (the enabled and trace-logging switches). */
  sets?: Record<string, unknown>;
  /** The change is one configuration key (`:configId`) set to the body's `propertyValue`. */
  configurationEntry?: boolean;
  /** A console route: the actor is the console session's admin. */
  console?: boolean;
  /** The route changes the console admin making the request (their profile). */
  self?: boolean;
  /** The route ends a console consent: `reauthorize` when the browser is sent on to the re-authorized page, `action` otherwise. */
  reauthorizes?: boolean;
}

const instance = (action: string, more: Partial<AuditedRoute> = {}): AuditedRoute => ({ resource: 'instance', action, instance: true, ...more });
const consoleInstance = (action: string, more: Partial<AuditedRoute> = {}): AuditedRoute => instance(action, { console: true, ...more });
const consoleAdmin = (action: string, more: Partial<AuditedRoute> = {}): AuditedRoute => ({ resource: 'console-admin', action, console: true, ...more });
const MASKED = '********';

/**
 * Every route that changes an instance, a user, a secret or a console admin, by method and route
 * pattern (under the API prefix). One table rather than a call in each service: a new route is
 * audited by a line here, and the audit e2e spec names each kind of change.
 */
const AUDITED: Record<string, AuditedRoute> = {
  'POST instances': instance('create'),
  'PUT instances': instance('update'),
  'PATCH instances': instance('update'),
  'DELETE instances': instance('delete'),
  'PUT instances/:id': instance('update'),
  'PATCH instances/:id': instance('update'),
  'DELETE instances/:id': instance('delete'),
  'PUT instances/enabled': instance('enable', { sets: { disabled: false } }),
  'DELETE instances/enabled': instance('disable', { sets: { disabled: true } }),
  'PUT instances/:id/enabled': instance('enable', { sets: { disabled: false } }),
  'DELETE instances/:id/enabled': instance('disable', { sets: { disabled: true } }),
  'PUT instances/trace-logging': instance('update', { sets: { traceLoggingEnabled: true } }),
  'DELETE instances/trace-logging': instance('update', { sets: { traceLoggingEnabled: false } }),
  'PUT instances/:id/trace-logging': instance('update', { sets: { traceLoggingEnabled: true } }),
  'DELETE instances/:id/trace-logging': instance('update', { sets: { traceLoggingEnabled: false } }),
  'PATCH instances/:id/configuration/:configId': instance('configure', { configurationEntry: true }),
  'POST elements/:keyOrId/instances': instance('create'),
  'PUT elements/:keyOrId/instances/:id': instance('update'),
  'PATCH elements/:keyOrId/instances/:id': instance('update'),
  'DELETE elements/:keyOrId/instances/:id': instance('delete'),
  'POST instances/:id/token': { resource: 'secret', action: 'rotate', owner: 'instance', instance: true, sets: { token: MASKED } },
  'POST users': { resource: 'user', action: 'create' },
  'PUT users/:id': { resource: 'user', action: 'update' },
  'PATCH users/:id': { resource: 'user', action: 'update' },
  'DELETE users/:id': { resource: 'user', action: 'delete' },
  'POST users/:id/secret': { resource: 'secret', action: 'rotate', owner: 'user', sets: { secret: MASKED } },
  'POST organizations/me/secret': { resource: 'secret', action: 'rotate', owner: 'organization', sets: { secret: MASKED } },
  'GET console/oauth/callback': consoleInstance('create', { reauthorizes: true }),
  'POST console/instances/:id/enable': consoleInstance('enable', { sets: { disabled: false } }),
  'POST console/instances/:id/disable': consoleInstance('disable', { sets: { disabled: true } }),
  'POST console/instances/:id/delete': consoleInstance('delete'),
  'POST console/instances/:id/trace-logging/on': consoleInstance('update', { sets: { traceLoggingEnabled: true } }),
  'POST console/instances/:id/trace-logging/off': consoleInstance('update', { sets: { traceLoggingEnabled: false } }),
  'POST console/admins': consoleAdmin('create'),
  'POST console/admins/:id': consoleAdmin('update'),
  'POST console/admins/:id/delete': consoleAdmin('delete'),
  'POST console/profile': consoleAdmin('update', { self: true }),
  'POST console/profile/password': consoleAdmin('update', { self: true }),
};

/** The audited route a request matched, from its method and Fastify route pattern (`/elements/api-v2/instances/:id`). */
export function auditedRoute(method: string, pattern: string | undefined, prefix: string): AuditedRoute | undefined {
  if (!pattern) return undefined;
  const path = pattern.startsWith(`/${prefix}/`) ? pattern.slice(prefix.length + 2) : pattern.replace(/^\//, '');
  return AUDITED[`${method} ${path.replace(/\/$/, '')}`];
}

/** What a request on `route` did, from where it sent the browser: a console consent creates an instance or re-authorizes one. */
export function auditedAction(route: AuditedRoute, location: unknown): string {
  return route.reauthorizes && typeof location === 'string' && new URL(location, 'http://hub').searchParams.get('done') === 'reauthorized' ? 'reauthorize' : route.action;
}
