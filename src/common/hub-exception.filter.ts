import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorReply } from './error-body';
import { errorLogFields } from './logger';

@Catch()
export class HubExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, headers } = toErrorReply(error, String(request.id));
    if (status >= 500) this.logger.error({ requestId: request.id, err: errorLogFields(error), status }, 'Unhandled error');
    void reply.status(status).headers(headers).send(body);
  }
}
