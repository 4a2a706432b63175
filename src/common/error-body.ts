import { HttpException } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrorCode, CommonException } from './common.exception';
import { HubError, HubErrorBody, statusCode } from './hub-error';

export interface ErrorReply {
  status: number;
  body: HubErrorBody;
  headers: Record<string, string>;
}

/** Framework (Fastify) error codes for things a client sent: the catalogue's code and a message. */
const CLIENT_ERRORS: Record<string, [CommonErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [CommonErrorCode.PAYLOAD_TOO_LARGE, 'Request body is larger than the hub accepts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Unsupported Content-Type: send application/json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [CommonErrorCode.INVALID_JSON, 'Body is empty but Content-Type is application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [CommonErrorCode.INVALID_CONTENT_LENGTH, 'Content-Length does not match the body'],
  FST_ERR_CTP_INVALID_JSON_BODY: [CommonErrorCode.INVALID_JSON, 'Body is not valid JSON'],
  FST_ERR_BAD_URL: [CommonErrorCode.INVALID_URL, 'The URL is not valid (a malformed percent-encoding)'],
  FST_ERR_MAX_PARAM_LENGTH: [CommonErrorCode.URI_TOO_LONG, 'A path segment is longer than the hub accepts'],
};

const INVALID_JSON = new CommonException(CommonErrorCode.INVALID_JSON, 'Body is not valid JSON');
const INTERNAL = new CommonException(CommonErrorCode.INTERNAL_ERROR, 'Internal error; quote the requestId when reporting it');

/** Turns anything thrown while serving a request into the hub's one error body. */
export function toErrorReply(error: unknown, requestId: string): ErrorReply {
  const hubError = asHubError(error);
  const { providerMessage, trackingId, headers } = hubError.extra;
  return {
    status: hubError.status,
    body: { requestId, code: hubError.code, message: hubError.message, ...(providerMessage && { providerMessage }), ...(trackingId && { trackingId }) },
    headers: headers ?? {},
  };
}

/** The hub error a thrown value answers as: itself, or the catalogue's word for Nest's and Fastify's errors. */
function asHubError(error: unknown): HubError {
  if (error instanceof HubError) return error;
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const raw = typeof response === 'string' ? response : (response as { message?: string | string[] }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : (raw ?? error.message);
    return new HubError(error.getStatus(), statusCode(error.getStatus()), message);
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const known = fastifyError.code ? CLIENT_ERRORS[fastifyError.code] : undefined;
    if (known) return new HubError(fastifyError.statusCode, ...known);
    return error instanceof SyntaxError ? INVALID_JSON : new HubError(fastifyError.statusCode, statusCode(fastifyError.statusCode), 'Bad request');
  }
  return error instanceof SyntaxError ? INVALID_JSON : INTERNAL;
}

/** Errors Fastify meets before routing (a bad URL, a path segment too long): the hub's error body and request id all the same. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, headers } = toErrorReply(error, String(request.id));
  void reply.code(status).headers(headers).header('elements-request-id', request.id).send(body);
}
