import { HttpStatus } from '@nestjs/common';
import { errorCatalogue, retryAfter } from '../common/hub-error';

/** What the hub's credentials, users and organizations can refuse. */
export enum AuthErrorCode {
  /** Missing, malformed or wrong User/Organization secrets: one answer, whichever it was. */
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ADMIN_ONLY = 'ADMIN_ONLY',
  OWN_USER_ONLY = 'OWN_USER_ONLY',
  SELF_DELETION_REFUSED = 'SELF_DELETION_REFUSED',
  USER_EXISTS = 'USER_EXISTS',
  RATE_LIMITED = 'RATE_LIMITED',
}

export class AuthException extends errorCatalogue<AuthErrorCode>({
  [AuthErrorCode.INVALID_CREDENTIALS]: HttpStatus.UNAUTHORIZED,
  [AuthErrorCode.ADMIN_ONLY]: HttpStatus.FORBIDDEN,
  [AuthErrorCode.OWN_USER_ONLY]: HttpStatus.FORBIDDEN,
  [AuthErrorCode.SELF_DELETION_REFUSED]: HttpStatus.FORBIDDEN,
  [AuthErrorCode.USER_EXISTS]: HttpStatus.CONFLICT,
  [AuthErrorCode.RATE_LIMITED]: HttpStatus.TOO_MANY_REQUESTS,
}) {}

const CREDENTIALS_NEEDED = 'Invalid or missing credentials: send Authorization: User <secret>, Organization <secret>';

/** The one 401 of credentials that do not authenticate; `message` says what was malformed, when that is safe to say. */
export function invalidCredentials(message = CREDENTIALS_NEEDED): AuthException {
  return new AuthException(AuthErrorCode.INVALID_CREDENTIALS, message);
}

/** The organization's API rate limit was reached: 429 with Retry-After. */
export function rateLimited(message: string, retryAfterSeconds: number): AuthException {
  return new AuthException(AuthErrorCode.RATE_LIMITED, message, retryAfter(retryAfterSeconds));
}
