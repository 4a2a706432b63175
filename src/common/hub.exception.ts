import { HttpStatus } from '@nestjs/common';

export interface HubErrorBody {
  requestId: string;
  message: string;
  /** The upstream (Webex) message, when the error came from Webex. */
  providerMessage?: string;
  /** Webex's trackingId, so a caller can quote it to Webex support. */
  trackingId?: string;
}

/** Every error the hub answers with on purpose; the global filter turns it into the error body. */
export class HubException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { providerMessage?: string; trackingId?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestException extends HubException {
  constructor(message: string, extra?: HubException['extra']) {
    super(HttpStatus.BAD_REQUEST, 'BAD_REQUEST', message, extra);
  }
}

export class UnauthorizedException extends HubException {
  constructor(message = 'Invalid or missing credentials: send Authorization: User <secret>, Organization <secret>') {
    super(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);
  }
}

export class ForbiddenException extends HubException {
  constructor(message: string) {
    super(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }
}

export class NotFoundException extends HubException {
  constructor(what: string, id?: string | number) {
    super(HttpStatus.NOT_FOUND, 'NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

export class ConflictException extends HubException {
  constructor(message: string) {
    super(HttpStatus.CONFLICT, 'CONFLICT', message);
  }
}

export class TooManyRequestsException extends HubException {
  constructor(message: string, retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_REQUESTS', message, { headers: { 'retry-after': String(retryAfterSeconds) } });
  }
}
