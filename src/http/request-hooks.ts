import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requestLineWriter } from '../common/logger';
import { unstorableRequestText } from '../common/storable-text';
import { earlyAnswersOf } from './early-answers';

/**
 * The two hooks every request runs. On arrival: the request id header, and a NUL or a lone
 * surrogate in the path, query or headers refused before any handler runs (the database cannot
 * store them). On answer: the request's one log line, with the secrets redacted.
 *
 * The request id travels on the request itself, not in an AsyncLocalStorage: on Node 20 that turns
 * on promise hooks for every promise of the process, about a sixth of a hub call's work. (Set in a
 * hook, not in a listener on the HTTP server: fastify.inject() bypasses the server.) Answers given
 * before Fastify (early-answers.ts) are logged by the same line.
 */
export function registerRequestHooks(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('elements-request-id', request.id);
    done(unstorableRequestText(request));
  });
  const logRequest = requestLineWriter(logger);
  fastify.addHook('onResponse', (request, reply, done) => {
    logRequest({ requestId: request.id, method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
    done();
  });
  earlyAnswersOf(fastify).observe(({ requestId, method, url, status, elapsedMs }) => logRequest({ requestId, method, url, status, ms: Math.round(elapsedMs) }));
}
