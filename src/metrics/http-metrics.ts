import type { FastifyReply, FastifyRequest } from 'fastify';
import { HubMetrics } from './hub-metrics';

/**
 * Observes an answered request by its route template (`/elements/api-v2/instances/:id`), so ids
 * never become label values; requests no route matched share the `unmatched` label.
 */
export function observeHttpRequest(metrics: HubMetrics, request: FastifyRequest, reply: FastifyReply): void {
  metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
}
