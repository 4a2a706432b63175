import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiContext, authenticate, authorizeRoute, type ApiRoute } from './api';
import { registerControlRoutes } from './control';
import type { Emulator } from './emulator';
import { OAuthError, WebexError, MESSAGES, oauthErrorBody, webexErrorBody } from './errors';
import { stripVersion } from './faults';
import { trackingId } from './ids';
import { registerOAuthRoutes } from './oauth-routes';
import { AllowedMethods } from './method-not-allowed';
import { apiRoutes } from './resources';
import { contentRoutes } from './resources/contents';
import { registerServiceCatalogRoutes } from './service-catalog';

declare module 'fastify' {
  interface FastifyRequest {
    trackingId: string;
  }
}

const templates = new Map<string, string>();

/** `/v1/rooms/:id` → `/rooms/{id}`, the form stats and faults speak. */
function templateOf(fastifyUrl: string): string {
  let template = templates.get(fastifyUrl);
  if (template === undefined) {
    template = stripVersion(fastifyUrl).replace(/:(\w+)/g, '{$1}');
    templates.set(fastifyUrl, template);
  }
  return template;
}

const STATUS_MESSAGES: Record<number, string> = { 429: MESSAGES.tooManyRequests, 401: MESSAGES.unauthorized, 404: MESSAGES.notFound };
const servedRoutes = [...apiRoutes, ...contentRoutes];
const allowedMethods = new AllowedMethods(servedRoutes);

function registerApiRoute(app: FastifyInstance, emulator: Emulator, route: ApiRoute): void {
  const status = route.status ?? (route.method === 'DELETE' ? 204 : 200);
  app.route({
    method: route.method,
    url: `/v1${route.path.replace(/\{(\w+)\}/g, ':$1')}`,
    handler: async (req, reply) => {
      const store = emulator.store;
      const viewer = authenticate(store, req.headers.authorization);
      authorizeRoute(store, route, viewer);
      if (req.isMultipart() && !route.multipart) throw new WebexError(415, `Unsupported Media Type: ${req.headers['content-type']}`);
      const result = await route.handle(new ApiContext(req, reply, store, viewer, emulator.options));
      reply.code(status);
      return status === 204 ? reply.send() : reply.send(result);
    },
  });
}

/** Counts the call and applies an injected fault to it, if one matches. */
async function beforeApiCall(emulator: Emulator, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const url = req.routeOptions.url;
  if (!url || url.startsWith('/_emulator')) return undefined;
  const template = templateOf(url);
  emulator.count(`${req.method} ${template}`);
  if (emulator.faults.size === 0) return undefined;
  const fault = emulator.faults.take(req.method, template, stripVersion(req.url.split('?')[0]));
  if (!fault) return undefined;
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.drop) {
    reply.hijack();
    req.raw.socket.destroy();
    return reply;
  }
  if (fault.status === undefined) return undefined;
  if (fault.retryAfter !== undefined) reply.header('Retry-After', String(fault.retryAfter));
  const message = STATUS_MESSAGES[fault.status] ?? `Injected fault: HTTP ${fault.status}`;
  return reply.code(fault.status).send(webexErrorBody(message, req.trackingId));
}

export async function buildServer(emulator: Emulator): Promise<FastifyInstance> {
  // Webex accepts a trailing slash (the SDK's people batcher asks `/v1/people/?id=`).
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024, routerOptions: { ignoreTrailingSlash: true } });
  app.decorateRequest('trackingId', '');
  await app.register(formbody);
  await app.register(multipart);
  // An empty JSON body is fine (clients send it on DELETE); anything else must parse.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new WebexError(400, 'The request body is not valid JSON.'), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    req.trackingId = trackingId();
    reply.header('TrackingID', req.trackingId);
    return beforeApiCall(emulator, req, reply);
  });

  app.setErrorHandler((error: FastifyError | Error, req, reply) => {
    const tracking = req.trackingId || trackingId();
    if (error instanceof OAuthError) return reply.code(error.status).send(oauthErrorBody(error, tracking));
    if (error instanceof WebexError) return reply.headers(error.headers).code(error.status).send(webexErrorBody(error.message, tracking));
    const statusCode = (error as FastifyError).statusCode;
    const status = statusCode !== undefined && statusCode >= 400 && statusCode < 500 ? statusCode : 500;
    if (status === 500) console.error('[emulator] unexpected error', error);
    return reply.code(status).send(webexErrorBody(status === 500 ? 'Something went wrong on the server.' : error.message, tracking));
  });
  app.setNotFoundHandler((req, reply) => {
    const allow = allowedMethods.allow(req.url);
    if (allow) return reply.code(405).header('Allow', allow).send(webexErrorBody(MESSAGES.methodNotAllowed, req.trackingId));
    return reply.code(404).send(webexErrorBody(MESSAGES.notFound, req.trackingId));
  });

  registerOAuthRoutes(app, emulator);
  registerControlRoutes(app, emulator);
  registerServiceCatalogRoutes(app, emulator);
  for (const route of servedRoutes) registerApiRoute(app, emulator, route);
  return app;
}
