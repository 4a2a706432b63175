import { HttpStatus } from '@nestjs/common';
import { errorCatalogue, retryAfter } from '../common/hub-error';

/** What the web console refuses; its error filter shows these as pages. */
export enum ConsoleErrorCode {
  LOGIN_REQUIRED = 'CONSOLE_LOGIN_REQUIRED',
  WRONG_LOGIN = 'WRONG_LOGIN',
  LOGIN_RATE_LIMITED = 'LOGIN_RATE_LIMITED',
  CSRF_REFUSED = 'CSRF_REFUSED',
  SUPER_ADMIN_ONLY = 'SUPER_ADMIN_ONLY',
  CONSENT_INVALID = 'CONSENT_INVALID',
  CONSENT_OTHER_SESSION = 'CONSENT_OTHER_SESSION',
  CONSENT_USED = 'CONSENT_USED',
  INTEGRATION_MISSING = 'INTEGRATION_MISSING',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  ADMIN_CHANGE_REFUSED = 'ADMIN_CHANGE_REFUSED',
  WRONG_PASSWORD = 'WRONG_PASSWORD',
  UNKNOWN_ORGANIZATION = 'UNKNOWN_ORGANIZATION',
  NO_ORGANIZATION_ADMIN = 'NO_ORGANIZATION_ADMIN',
  EVENT_NOT_REDELIVERABLE = 'EVENT_NOT_REDELIVERABLE',
}

export class ConsoleException extends errorCatalogue<ConsoleErrorCode>({
  [ConsoleErrorCode.LOGIN_REQUIRED]: HttpStatus.UNAUTHORIZED,
  [ConsoleErrorCode.WRONG_LOGIN]: HttpStatus.UNAUTHORIZED,
  [ConsoleErrorCode.LOGIN_RATE_LIMITED]: HttpStatus.TOO_MANY_REQUESTS,
  [ConsoleErrorCode.CSRF_REFUSED]: HttpStatus.FORBIDDEN,
  [ConsoleErrorCode.SUPER_ADMIN_ONLY]: HttpStatus.FORBIDDEN,
  [ConsoleErrorCode.CONSENT_INVALID]: HttpStatus.BAD_REQUEST,
  [ConsoleErrorCode.CONSENT_OTHER_SESSION]: HttpStatus.FORBIDDEN,
  [ConsoleErrorCode.CONSENT_USED]: HttpStatus.CONFLICT,
  [ConsoleErrorCode.INTEGRATION_MISSING]: HttpStatus.BAD_REQUEST,
  [ConsoleErrorCode.USERNAME_TAKEN]: HttpStatus.CONFLICT,
  [ConsoleErrorCode.ADMIN_CHANGE_REFUSED]: HttpStatus.BAD_REQUEST,
  [ConsoleErrorCode.WRONG_PASSWORD]: HttpStatus.BAD_REQUEST,
  [ConsoleErrorCode.UNKNOWN_ORGANIZATION]: HttpStatus.BAD_REQUEST,
  [ConsoleErrorCode.NO_ORGANIZATION_ADMIN]: HttpStatus.FORBIDDEN,
  [ConsoleErrorCode.EVENT_NOT_REDELIVERABLE]: HttpStatus.CONFLICT,
}) {}

export const CSRF_REFUSED =
  'This request did not carry the security token of your session (a stale page, or a request made by another site). Nothing was changed; reload the page and try again.';

/** No (or an expired) session: the console answers with its login page. */
export class ConsoleLoginRequired extends ConsoleException {
  constructor() {
    super(ConsoleErrorCode.LOGIN_REQUIRED, 'Log in to the console');
  }
}

export function csrfRefused(): ConsoleException {
  return new ConsoleException(ConsoleErrorCode.CSRF_REFUSED, CSRF_REFUSED);
}

export function loginRateLimited(retryAfterSeconds: number): ConsoleException {
  return new ConsoleException(ConsoleErrorCode.LOGIN_RATE_LIMITED, `Too many logins from your address; try again in ${retryAfterSeconds} s`, retryAfter(retryAfterSeconds));
}
