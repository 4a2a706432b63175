import { HttpException } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HubErrorBody, HubException } from './hub.exception';

export interface ErrorReply {
  status: number;
  body: HubErrorBody;
  headers: Record<string, string>;
}

/** Framework (Fastify) error codes for things a client sent, mapped to the status they deserve. */
const CLIENT_ERROR_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is larger than the hub accepts',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type: send application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Body is empty but Content-Type is application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Body is not valid JSON',
  FST_ERR_BAD_URL: 'The URL is not valid (a malformed percent-encoding)',
  FST_ERR_MAX_PARAM_LENGTH: 'A path segment is longer than the hub accepts',
};

/** Turns anything thrown while serving a request into the hub's one error body. */
export function toErrorReply(error: unknown, requestId: string): ErrorReply {
  if (error instanceof HubException) {
    const { providerMessage, trackingId, headers } = error.extra;
    return {
      status: error.status,
      body: { requestId, message: error.message, ...(providerMessage && { providerMessage }), ...(trackingId && { trackingId }) },
      headers: headers ?? {},
    };
  }
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const raw = typeof response === 'string' ? response : (response as { message?: string | string[] }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : (raw ?? error.message);
    return { status: error.getStatus(), body: { requestId, message }, headers: {} };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const known = fastifyError.code ? CLIENT_ERROR_MESSAGES[fastifyError.code] : undefined;
    const message = known ?? (error instanceof SyntaxError ? 'Body is not valid JSON' : 'Bad request');
    return { status: fastifyError.statusCode, body: { requestId, message }, headers: {} };
  }
  if (error instanceof SyntaxError) return { status: 400, body: { requestId, message: 'Body is not valid JSON' }, headers: {} };
  return { status: 500, body: { requestId, message: 'Internal error; quote the requestId when reporting it' }, headers: {} };
}

/** Errors Fastify meets before routing (a bad URL, a path segment too long): the hub's error body and request id all the same. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, headers } = toErrorReply(error, String(request.id));
  void reply.code(status).headers(headers).header('elements-request-id', request.id).send(body);
}
