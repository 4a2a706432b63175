import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { earlyAnswersOf } from '../http/early-answers';
import { HubMetrics } from './hub-metrics';

/**
 * Observes an answered request by its route template (`/elements/api-v2/instances/:id`), so ids
 * never become label values; requests no route matched share the `unmatched` label.
 */
export function observeHttpRequest(metrics: HubMetrics, request: FastifyRequest, reply: FastifyReply): void {
  metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
}

/** Every answered request's metrics, from the metrics feature's own hook on the HTTP server (and on its early answers). */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly metrics: HubMetrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onResponse', (request, reply, done) => {
      observeHttpRequest(this.metrics, request, reply);
      done();
    });
    earlyAnswersOf(fastify).observe(({ method, route, status, elapsedMs }) => this.metrics.observeHttp(method, route, status, elapsedMs / 1000));
  }
}
