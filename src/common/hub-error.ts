import { HttpStatus } from '@nestjs/common';

/** The body of every hub answer from 400 up: the Cloud Elements fields and the hub's `code`. */
export interface HubErrorBody {
  requestId: string;
  /** What went wrong, as a stable name a client can branch on (a feature catalogue's code). */
  code: string;
  message: string;
  /** The upstream (Webex) message, when the error came from Webex. */
  providerMessage?: string;
  /** Webex's trackingId, so a caller can quote it to Webex support. */
  trackingId?: string;
}

export interface HubErrorExtra {
  providerMessage?: string;
  trackingId?: string;
  headers?: Record<string, string>;
}

/** Every error the hub answers with on purpose; the global filter turns it into the error body. */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: HubErrorExtra = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The base class of a feature's catalogue (`webex.exception.ts`, `hubs.exception.ts`, ...): each
 * code of the feature's enum answers with the one status the table gives it.
 */
export function errorCatalogue<Code extends string>(statuses: Record<Code, HttpStatus>) {
  return class CataloguedError extends HubError {
    /** The catalogue itself, code by code (a spec checks that no code answers two ways). */
    static readonly statuses: Readonly<Record<string, HttpStatus>> = statuses;
    declare readonly code: Code;

    constructor(code: Code, message: string, extra?: HubErrorExtra) {
      super(statuses[code], code, message, extra);
    }
  };
}

/** The code of an error no catalogue names (Nest's own, Fastify's): the status's name, `NOT_FOUND`. */
export function statusCode(status: number): string {
  return (HttpStatus[status] as string | undefined) ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

/** `Instance 42 not found`: how every 404 of the hub words it. */
export function notFoundMessage(what: string, id?: string | number): string {
  return id === undefined ? `${what} not found` : `${what} ${id} not found`;
}

/** The extra of a 429: Retry-After in seconds. */
export function retryAfter(seconds: number): HubErrorExtra {
  return { headers: { 'retry-after': String(seconds) } };
}
