import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyHttpOptions, FastifyInstance } from 'fastify';
import type { Server } from 'node:http';

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

  override enableCors(): never {
    throw new Error('CORS needs the request hook HubFastifyAdapter leaves out');
  }
}
