import type { INestApplication, Type } from '@nestjs/common';
import { GUARDS_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CredentialsGuard, isAdminOnly } from '../auth/auth.guard';
import { type HubErrorBody, statusCode } from '../common/hub-error';
import { ParseIdPipe } from '../common/id.pipe';

export const ERROR_BODY = 'HubErrorBody';
const VERBS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The one error body of every hub answer from 400 up (src/common/error-body.ts). */
export const ERROR_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'Every error the hub answers with; the requestId is also the elements-request-id header and the log line id.',
  required: ['requestId', 'message'],
  properties: {
    requestId: { type: 'string', format: 'uuid' },
    code: {
      type: 'string',
      description: "What went wrong, as a stable name to branch on: a feature catalogue's code (INVALID_CREDENTIALS, HUB_RESOURCE_NOT_FOUND, WEBEX_ERROR, ...) or, for an error no catalogue names, the status's name (NOT_FOUND)",
    },
    message: { type: 'string' },
    providerMessage: { type: 'string', description: "Webex's message, when the error came from Webex" },
    trackingId: { type: 'string', description: "Webex's trackingId, to quote to Webex support" },
  } satisfies Record<keyof HubErrorBody, SchemaObject>,
};

/** What each status means at the hub, with a message it really answers. */
const STATUSES: Record<number, { description: string; code: string; message: string }> = {
  400: { description: 'Bad input: a malformed id, JSON or query, or a body that fails validation', code: 'INVALID_ID', message: 'Invalid id "abc": expected a positive integer' },
  401: { description: 'Missing or wrong credentials (the User and Organization secrets)', code: 'INVALID_CREDENTIALS', message: 'Invalid or missing credentials: send Authorization: User {secret}, Organization {secret}' },
  403: { description: 'The credentials are valid but may not do this', code: 'ADMIN_ONLY', message: 'Only organization admins may do this' },
  404: { description: 'Nothing of that id that these credentials may see', code: 'NOT_FOUND', message: 'Instance 42 not found' },
  409: { description: 'The object is not in a state that allows this', code: 'USER_EXISTS', message: 'A user with email dev@example.com already exists' },
  413: { description: 'The body is larger than HUB_BODY_LIMIT_BYTES', code: 'PAYLOAD_TOO_LARGE', message: 'Request body is larger than the hub accepts' },
  415: { description: 'The body is not application/json', code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Content-Type: send application/json' },
  429: { description: "The organization's rate limit (HUB_RATE_LIMIT_PER_MINUTE); Retry-After says when to try again", code: 'RATE_LIMITED', message: 'This organization made more than 60000 requests in a minute; retry in 12 s' },
  500: { description: 'An internal error; quote the requestId when reporting it', code: 'INTERNAL_ERROR', message: 'Internal error; quote the requestId when reporting it' },
  502: { description: 'Webex could not be reached', code: 'WEBEX_UNREACHABLE', message: 'Webex could not be reached: connect ECONNREFUSED' },
  503: { description: 'Not ready', code: 'NOT_READY', message: 'Not ready: database unreachable' },
  504: { description: 'Webex did not answer in time', code: 'WEBEX_TIMEOUT', message: 'Webex did not answer within 30000 ms' },
};

/**
 * An error answer with the error body, its example, and Retry-After on 429. The example's code is
 * the one the message comes with; a message of the route's own gets its code, else the status's name.
 */
export function errorResponse(status: number, description = STATUSES[status].description, message = STATUSES[status].message, code?: string): ResponseObject {
  const example = { requestId: '0b8f6a52-5d0e-4c1e-9f5a-2d7c3e1b9a40', code: code ?? (message === STATUSES[status]?.message ? STATUSES[status].code : statusCode(status)), message };
  return {
    description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY}` }, example } },
    ...(status === 429 && { headers: { 'retry-after': { description: 'Seconds to wait', schema: { type: 'integer' } } } }),
  };
}

/**
 * The error statuses a Nest route can answer, read off what it is made of: the credentials guard
 * (401, 429, and 403 when admin-only), path parameters (404, and 400 for numeric ids), a body
 * (400, 413, 415) and a validated query object (400).
 */
export function routeErrors(controller: Type, method: string): number[] {
  const handler = controller.prototype[method] as Type;
  const guards = [...(Reflect.getMetadata(GUARDS_METADATA, controller) ?? []), ...(Reflect.getMetadata(GUARDS_METADATA, handler) ?? [])];
  const args = Object.entries<{ data?: unknown; pipes?: unknown[] }>(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {});
  const argsOf = (type: RouteParamtypes) => args.filter(([key]) => key.split(':')[0] === String(type)).map(([, arg]) => arg);
  const path = `${Reflect.getMetadata(PATH_METADATA, controller) ?? ''}/${Reflect.getMetadata(PATH_METADATA, handler) ?? ''}`;
  const statuses = new Set<number>();
  if (guards.includes(CredentialsGuard)) [401, 429].forEach((s) => statuses.add(s));
  if (guards.includes(CredentialsGuard) && isAdminOnly(handler, controller)) statuses.add(403);
  if (/:\w/.test(path)) statuses.add(404);
  if (argsOf(RouteParamtypes.PARAM).some((arg) => arg.pipes?.some((pipe) => pipe === ParseIdPipe || pipe instanceof ParseIdPipe))) statuses.add(400);
  if (argsOf(RouteParamtypes.BODY).length) [400, 413, 415].forEach((s) => statuses.add(s));
  if (argsOf(RouteParamtypes.QUERY).some((arg) => arg.data === undefined)) statuses.add(400);
  return [...statuses];
}

/**
 * Adds to every Nest operation of the document the error answers its route can give (by
 * `routeErrors`), and gives every error answer a route declared (`@ApiConflictResponse` ...) the
 * error body. Operations are found by their id, `Controller_method`.
 */
export function describeErrors(document: OpenAPIObject, app: INestApplication): void {
  const routes = new Map<string, number[]>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      for (const method of Object.getOwnPropertyNames(metatype.prototype)) {
        if (method !== 'constructor') routes.set(`${metatype.name}_${method}`, routeErrors(metatype as Type, method));
      }
    }
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of VERBS.map((verb) => item[verb]).filter((o) => o !== undefined)) {
      for (const status of routes.get(operation.operationId ?? '') ?? []) {
        operation.responses[status] ??= status === 404 ? errorResponse(404, undefined, notFoundMessage(path)) : errorResponse(status);
      }
      // Declared by the route with the message it answers as the description.
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response && Number(status) >= 400 && !('$ref' in response) && !response.content) operation.responses[status] = errorResponse(Number(status), response.description, response.description);
      }
    }
  }
}

/** `/elements/api-v2/instances/{id}/events/{eventId}` -> `Event {eventId} not found`, as NotFoundException words it. */
function notFoundMessage(path: string): string {
  const [, collection, param] = /([\w-]+)\/\{(\w+)\}(?!.*\{)/.exec(path) ?? [];
  if (!collection) return STATUSES[404].message;
  const noun = collection.replace(/s$/, '');
  return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${param === 'id' ? 42 : `{${param}}`} not found`;
}
