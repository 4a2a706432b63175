import { RequestMethod, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { parse as parseQuery } from 'fast-querystring';
import { randomUUID } from 'node:crypto';
import { LogController, type RawServerDefault } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { assertAcceptableBody } from './common/body-depth';
import { answerFrameworkError } from './common/error-body';
import { HubFastifyAdapter } from './common/hub-fastify-adapter';
import { BadRequestException } from './common/hub.exception';
import { createRootLogger, HubLogger, requestLineWriter } from './common/logger';
import { unstorableRequestText } from './common/storable-text';
import { HubConfig } from './config/hub-config';
import { trustedProxies } from './config/trusted-proxies';
import { HubMetrics } from './metrics/hub-metrics';
import { observeHttpRequest } from './metrics/http-metrics';
import { HubCallRoute } from './hubs/hub-call.route';
import { buildApiDocument } from './openapi/api-document';

export const API_PREFIX = 'elements/api-v2';

export interface HubRoute {
  method: string;
  url: string;
}

const registeredRoutes = new WeakMap<object, HubRoute[]>();

/** Every route the app registered (known once it is initialized), for checks against the docs. */
export function routesOf(app: NestFastifyApplication): HubRoute[] {
  return registeredRoutes.get(app) ?? [];
}

/** Builds the hub (not listening yet): the one place main.ts and the tests get it from. */
export async function createHubApp(config: HubConfig, logger: Logger = createRootLogger(config.LOG_LEVEL)): Promise<NestFastifyApplication> {
  const adapter = new HubFastifyAdapter({
    loggerInstance: logger,
    // One line per request is written by the onResponse hook below, with the secrets redacted.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.HUB_BODY_LIMIT_BYTES,
    // A request (headers and body) must arrive within these times: a body trickled a byte at a
    // time would otherwise hold its connection forever. Node checks the deadlines every
    // connectionsCheckingInterval (30 s by default), so that is brought close to them.
    requestTimeout: config.HUB_REQUEST_TIMEOUT_MS,
    http: {
      requestTimeout: config.HUB_REQUEST_TIMEOUT_MS,
      headersTimeout: Math.min(config.HUB_HEADERS_TIMEOUT_MS, config.HUB_REQUEST_TIMEOUT_MS),
      connectionsCheckingInterval: Math.min(1000, Math.ceil(Math.min(config.HUB_HEADERS_TIMEOUT_MS, config.HUB_REQUEST_TIMEOUT_MS) / 4)),
    },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: trustedProxies(config.HUB_TRUST_PROXY),
    frameworkErrors: answerFrameworkError,
    // The hub has no Nest middleware: @fastify/middie's hook would still run on every request
    // (about a tenth of a hub call's instructions). A middleware added later fails at start.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new HubLogger(logger),
    bufferLogs: false,
    abortOnError: false,
    // The event inbox checks Webex's signature over the exact bytes received.
    rawBody: true,
    // Nest's two body parsers are registered below, with the JSON one checking depth.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const routes: HubRoute[] = [];
  registeredRoutes.set(app, routes);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });

  // The request id travels on the request itself, not in an AsyncLocalStorage: on Node 20 that
  // turns on promise hooks for every promise of the process, about a sixth of a hub call's work.
  // (Set in a hook, not in a listener on the HTTP server: fastify.inject() bypasses the server.)
  // The same hook refuses a NUL or a lone surrogate in the path, query or headers, before any
  // handler runs: the database cannot store them.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('elements-request-id', request.id);
    done(unstorableRequestText(request));
  });
  // Nest's body parsers but for one thing: bodies are checked for depth and unstorable text as they
  // are parsed, rather than in a hook that every request (every GET too) would run.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const limit = { bodyLimit: config.HUB_BODY_LIMIT_BYTES };
  app.useBodyParser<RawServerDefault>('application/json', limit, (request, body, done) =>
    parseJson(request, body.toString(), (error, value) => {
      if (error) return done(error);
      try {
        assertAcceptableBody(value);
        done(null, value);
      } catch (bodyError) {
        done(bodyError as Error);
      }
    }),
  );
  app.useBodyParser('application/x-www-form-urlencoded', limit, (_request, body, done) => {
    const value = parseQuery(body.toString());
    try {
      assertAcceptableBody(value);
      done(null, value);
    } catch (bodyError) {
      done(bodyError as Error);
    }
  });
  // What every answered request leaves behind, in one hook: its log line and its metrics.
  const metrics = app.get(HubMetrics);
  const logRequest = requestLineWriter(logger);
  fastify.addHook('onResponse', (request, reply, done) => {
    logRequest({ requestId: request.id, method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
    observeHttpRequest(metrics, request, reply);
    done();
  });
  app.get(HubCallRoute).register(fastify, API_PREFIX);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: '/', method: RequestMethod.GET },
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'docs', method: RequestMethod.GET },
      { path: 'console', method: RequestMethod.GET },
      { path: 'callback', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      whitelist: true,
      forbidUnknownValues: true,
      exceptionFactory: (errors) => new BadRequestException(validationMessage(errors)),
    }),
  );

  // Built when first asked for, not at start: the hub starts without scanning its routes for it.
  SwaggerModule.setup('docs', app, () => buildApiDocument(app, API_PREFIX), { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false, customSiteTitle: 'Element Hub' });
  return app;
}

function validationMessage(errors: ValidationError[], parent = ''): string {
  return errors
    .flatMap((e) => {
      const path = parent ? `${parent}.${e.property}` : e.property;
      const own = Object.values(e.constraints ?? {}).map((m) => (parent ? `${parent}.${m}` : m));
      return e.children?.length ? [...own, validationMessage(e.children, path)] : own;
    })
    .filter(Boolean)
    .join('; ');
}
