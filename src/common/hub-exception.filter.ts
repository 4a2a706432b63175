import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorReply } from './error-body';

@Catch()
export class HubExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, headers } = toErrorReply(error, String(request.id));
    if (status >= 500) this.logger.error({ requestId: request.id, err: describe(error), status }, 'Unhandled error');
    void reply.status(status).headers(headers).send(body);
  }
}

/** Only the name, message and stack: an error object may hold request data with secrets. */
export function describe(error: unknown) {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
}
