import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { earlyAnswersOf } from './early-answers';

/** What a browser page may read of an answer besides the CORS-safelisted headers: Cloud Elements' own. */
export const EXPOSED_HEADERS = ['Elements-Next-Page-Token', 'Elements-Returned-Count', 'Elements-Element-Instance-Id', 'Elements-Request-Id', 'Elements-Cache', 'Retry-After'];
/** What the API's callers send: their credentials and JSON bodies. */
export const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Accept'];
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * `HUB_CORS_ORIGINS` read: `*`, or the exact origins allowed, serialized as browsers send them in
 * `Origin` (lowercase scheme and host, no default port). Unset or blank: undefined, no CORS at all.
 */
export function corsOrigins(setting: string | undefined): '*' | Set<string> | undefined {
  if (!setting?.trim()) return undefined;
  if (setting.trim() === '*') return '*';
  return new Set(setting.split(',').map((origin) => new URL(origin.trim()).origin));
}

/**
 * CORS by @fastify/cors for the origins `HUB_CORS_ORIGINS` names. A request from any other origin,
 * or with no Origin, gets no CORS header, and its preflight the 404 of a route the hub does not
 * serve: the plugin answers preflight only when the origin check allowed it.
 */
export function registerCors(fastify: FastifyInstance, setting: string | undefined): void {
  const origins = corsOrigins(setting);
  if (!origins) return;
  const options: FastifyCorsOptions = {
    // A request without Origin is no browser's cross-origin call: no CORS headers, no preflight.
    origin: (origin, allow) => allow(null, origin === undefined ? false : origins === '*' ? '*' : origins.has(origin)),
    // An OPTIONS request of an allowed origin without Access-Control-Request-Method is answered as
    // a preflight too, rather than by the plugin's plain-text 400 that has no hub error body.
    strictPreflight: false,
    methods: ALLOWED_METHODS,
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    // Browsers keep a preflight answer this long (capped at 2 h by Chromium), sparing a round trip per call.
    maxAge: 7200,
  };
  void fastify.register(fastifyCors, options);
  // The plugin's hook says `vary: Origin` on every answer, a request with no Origin included.
  earlyAnswersOf(fastify).alsoSend('vary', 'Origin');
}
