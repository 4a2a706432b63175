import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LogController, type FastifyHttpOptions, type FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { answerFrameworkError } from '../common/error-body';
import type { HubConfig } from '../config/hub-config';
import { trustedProxies } from '../config/trusted-proxies';
import { registerCors } from './cors';
import { newRequestId } from './early-answers';

/** The real `addHook` of instances whose adapter is being constructed. */
const suspended = new WeakMap<FastifyInstance, FastifyInstance['addHook']>();

/**
 * Nest's Fastify adapter without the hooks its constructor adds to every request: four
 * `onRequest` hooks (Nest middleware, `enableCors()`, custom versioning, request targets
 * middleware could not match) and one `onResponse` hook (`setOnResponseHook`). The hub uses none
 * of these features (`skipMiddie`), and running them cost a hub call about 5% of its CPU time
 * (docs/benchmarks.md, Hub proxy). `enableCors()` refuses rather than silently doing nothing.
 */
export class HubFastifyAdapter extends FastifyAdapter {
  constructor(options: FastifyHttpOptions<Server> & { skipMiddie?: boolean }) {
    super(options);
    const instance = this.getInstance();
    instance.addHook = suspended.get(instance)!;
    suspended.delete(instance);
  }

  /** Called by the base constructor just before it adds its hooks: they are dropped until it returns. */
  override setInstance<T>(instance: T): void {
    super.setInstance(instance);
    const fastify = instance as FastifyInstance;
    suspended.set(fastify, fastify.addHook);
    fastify.addHook = (() => fastify) as FastifyInstance['addHook'];
  }

  /** CORS is @fastify/cors, registered by createHubAdapter from HUB_CORS_ORIGINS (cors.ts). */
  override enableCors(): never {
    throw new Error('CORS needs the request hook HubFastifyAdapter leaves out: set HUB_CORS_ORIGINS');
  }
}

/** The hub's HTTP server: its limits and deadlines, request ids, trusted proxies, framework errors and CORS. */
export function createHubAdapter(config: HubConfig, logger: Logger): HubFastifyAdapter {
  const deadline = Math.min(config.HUB_HEADERS_TIMEOUT_MS, config.HUB_REQUEST_TIMEOUT_MS);
  const adapter = new HubFastifyAdapter({
    loggerInstance: logger,
    // One line per request is written by the onResponse hook (request-hooks.ts), with the secrets redacted.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.HUB_BODY_LIMIT_BYTES,
    // A request (headers and body) must arrive within these times: a body trickled a byte at a
    // time would otherwise hold its connection forever. Node checks the deadlines every
    // connectionsCheckingInterval (30 s by default), so that is brought close to them.
    requestTimeout: config.HUB_REQUEST_TIMEOUT_MS,
    http: {
      requestTimeout: config.HUB_REQUEST_TIMEOUT_MS,
      headersTimeout: deadline,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(deadline / 4)),
    },
    genReqId: newRequestId,
    requestIdHeader: false,
    trustProxy: trustedProxies(config.HUB_TRUST_PROXY),
    frameworkErrors: answerFrameworkError,
    // The hub has no Nest middleware: @fastify/middie's hook would still run on every request
    // (about a tenth of a hub call's instructions). A middleware added later fails at start.
    skipMiddie: true,
  });
  registerCors(adapter.getInstance(), config.HUB_CORS_ORIGINS);
  return adapter;
}
