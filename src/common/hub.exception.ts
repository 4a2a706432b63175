/**
 * @deprecated The names this file exported before the error catalogue: use `HubError`
 * (`./hub-error`) and the feature catalogues (`*.exception.ts`). They stay until tokens/ and
 * instances/ have switched. `instanceof` one of them matches any hub error of its status, so code
 * and specs that test for them keep working whatever catalogue class is thrown.
 */
import { HttpStatus } from '@nestjs/common';
import { HubError, HubErrorExtra, notFoundMessage, retryAfter, statusCode } from './hub-error';

export type { HubErrorBody } from './hub-error';

/** @deprecated use HubError */
export const HubException = HubError;
/** @deprecated use HubError */
export type HubException = HubError;

function legacyOf(status: HttpStatus) {
  return class LegacyHubError extends HubError {
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof HubError && value.status === status;
    }

    constructor(message: string, extra?: HubErrorExtra) {
      super(status, statusCode(status), message, extra);
    }
  };
}

const CREDENTIALS_NEEDED = 'Invalid or missing credentials: send Authorization: User <secret>, Organization <secret>';

/** @deprecated use a feature catalogue's 400 */
export const BadRequestException = legacyOf(HttpStatus.BAD_REQUEST);
/** @deprecated use a feature catalogue's 401 */
export const UnauthorizedException = class extends legacyOf(HttpStatus.UNAUTHORIZED) {
  constructor(message = CREDENTIALS_NEEDED) {
    super(message);
  }
};
/** @deprecated use a feature catalogue's 403 */
export const ForbiddenException = legacyOf(HttpStatus.FORBIDDEN);
/** @deprecated use a feature catalogue's 404 (`notFoundMessage` words it) */
export const NotFoundException = class extends legacyOf(HttpStatus.NOT_FOUND) {
  constructor(what: string, id?: string | number) {
    super(notFoundMessage(what, id));
  }
};
/** @deprecated use a feature catalogue's 409 */
export const ConflictException = legacyOf(HttpStatus.CONFLICT);
/** @deprecated use a feature catalogue's 429 */
export const TooManyRequestsException = class extends legacyOf(HttpStatus.TOO_MANY_REQUESTS) {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, retryAfter(retryAfterSeconds));
  }
};

export type BadRequestException = HubError;
export type UnauthorizedException = HubError;
export type ForbiddenException = HubError;
export type NotFoundException = HubError;
export type ConflictException = HubError;
export type TooManyRequestsException = HubError;
