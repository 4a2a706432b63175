import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HubMetrics } from './hub-metrics';

/**
 * Observes an answered request by its route template (`/elements/api-v2/instances/:id`), so ids
 * never become label values; requests no route matched share the `unmatched` label.
 */
export function observeHttpRequest(metrics: HubMetrics, request: FastifyRequest, reply: FastifyReply): void {
  metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
}

/** Every answered request's metrics, from the metrics feature's own hook on the HTTP server. */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly metrics: HubMetrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter?.getInstance<FastifyInstance>().addHook('onResponse', (request, reply, done) => {
      observeHttpRequest(this.metrics, request, reply);
      done();
    });
  }
}
