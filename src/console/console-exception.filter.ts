import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorReply } from '../common/error-body';
import { errorLogFields } from '../common/logger';
import { ConsoleFormRefused } from './console-forms';
import { ConsolePages, seeOther } from './console-http';
import { ConsoleLoginRequired, consoleOf } from './console.guard';
import { messagePage } from './views/layout';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  401: 'Not allowed',
  403: 'Refused',
  404: 'Not found',
  409: 'Already done',
  429: 'Slow down',
};

/** Console errors are pages, not JSON: the hub's message (never a secret) and a way back. */
@Catch()
@Injectable()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly pages: ConsolePages) {}

  catch(error: unknown, host: ArgumentsHost) {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof ConsoleLoginRequired) return seeOther(reply, '/login');
    if (error instanceof ConsoleFormRefused) return this.pages.send(reply, error.status, error.page);
    const { status, body, headers } = toErrorReply(error, String(request.id));
    if (status >= 500) this.logger.error({ requestId: request.id, err: errorLogFields(error), status }, 'Unhandled error');
    const title = TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'That did not work');
    const message = body.providerMessage ? `${body.message} (Webex: ${body.providerMessage})` : body.message;
    void reply.headers(headers);
    return this.pages.send(reply, status, messagePage(consoleOf(request), title, message, body.requestId));
  }
}
