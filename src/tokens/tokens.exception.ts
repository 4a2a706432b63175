import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/** What the Webex token state refuses: an instance hub calls may not use, a refresh that cannot run. */
export enum TokensErrorCode {
  /** The Element token names no instance (deleted, or never was). */
  UNKNOWN_ELEMENT_TOKEN = 'UNKNOWN_ELEMENT_TOKEN',
  /** Webex no longer authorizes the instance: one answer wherever it shows (hub call or manual refresh). */
  INSTANCE_NOT_AUTHORIZED = 'INSTANCE_NOT_AUTHORIZED',
  INSTANCE_DISABLED = 'INSTANCE_DISABLED',
  /** Another replica holds the refresh lease past the wait. */
  TOKEN_REFRESH_BUSY = 'TOKEN_REFRESH_BUSY',
  /** Webex's token endpoint failed; the schedule retries on its own. */
  TOKEN_REFRESH_FAILED = 'TOKEN_REFRESH_FAILED',
  /** An instance from a token (externalAuthentication "token") without a token, or with one no Webex token can be. */
  ACCESS_TOKEN_INVALID = 'ACCESS_TOKEN_INVALID',
  /** Webex did not accept the token an instance was to be created from: nothing is stored. */
  ACCESS_TOKEN_REFUSED = 'ACCESS_TOKEN_REFUSED',
  /** A manual refresh of an instance created from a token, which Webex does not refresh. */
  TOKEN_NOT_REFRESHABLE = 'TOKEN_NOT_REFRESHABLE',
}

export class TokensException extends errorCatalogue<TokensErrorCode>({
  [TokensErrorCode.UNKNOWN_ELEMENT_TOKEN]: HttpStatus.UNAUTHORIZED,
  [TokensErrorCode.INSTANCE_NOT_AUTHORIZED]: HttpStatus.UNAUTHORIZED,
  [TokensErrorCode.INSTANCE_DISABLED]: HttpStatus.FORBIDDEN,
  [TokensErrorCode.TOKEN_REFRESH_BUSY]: HttpStatus.SERVICE_UNAVAILABLE,
  [TokensErrorCode.TOKEN_REFRESH_FAILED]: HttpStatus.BAD_GATEWAY,
  [TokensErrorCode.ACCESS_TOKEN_INVALID]: HttpStatus.BAD_REQUEST,
  [TokensErrorCode.ACCESS_TOKEN_REFUSED]: HttpStatus.BAD_REQUEST,
  [TokensErrorCode.TOKEN_NOT_REFRESHABLE]: HttpStatus.CONFLICT,
}) {}

/** The one message of an Element token that names no instance. */
export function unknownElementToken(): TokensException {
  return new TokensException(TokensErrorCode.UNKNOWN_ELEMENT_TOKEN, 'Unknown Element token: the instance does not exist or was deleted');
}
