import type { FastifyInstance } from 'fastify';
import { HubMetrics } from './hub-metrics';

/**
 * Observes every answered request by its route template (`/elements/api-v2/instances/:id`), so ids
 * never become label values; requests no route matched share the `unmatched` label.
 */
export function observeHttpRequests(fastify: FastifyInstance, metrics: HubMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
