import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Query parameters that may carry secrets and must never reach a log line. */
const SECRET_PARAMS = /([?&](?:apiSecret|api_secret|client_secret|code|code_verifier|refresh_token|access_token|token|nextPage)=)[^&]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[REDACTED]');
}

export function createRootLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], censor: '[REDACTED]' },
      serializers: {
        req: (req: { method: string; url: string; id?: string }) => ({ method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

/** Nest's logger interface over pino, so framework and service lines share one JSON format. */
export class HubLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    if (typeof message === 'object' && message !== null) this.pino.error({ context, ...message }, trace);
    else this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string) {
    if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message });
    else this.pino[level]({ context }, String(message));
  }
}
