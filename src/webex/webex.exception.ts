import { HttpStatus } from '@nestjs/common';
import { errorCatalogue, HubError } from '../common/hub-error';

/** What can go wrong talking to Webex. */
export enum WebexErrorCode {
  /** Webex answered with an error; the hub answers with Webex's own status. */
  WEBEX_ERROR = 'WEBEX_ERROR',
  WEBEX_TIMEOUT = 'WEBEX_TIMEOUT',
  WEBEX_UNREACHABLE = 'WEBEX_UNREACHABLE',
  OAUTH_GRANT_REFUSED = 'OAUTH_GRANT_REFUSED',
  INVALID_WEBEX_ID = 'INVALID_WEBEX_ID',
  WEBEX_URL_TOO_LONG = 'WEBEX_URL_TOO_LONG',
}

/** The codes whose status is fixed (WEBEX_ERROR passes Webex's own status on: `WebexApiException`). */
export class WebexException extends errorCatalogue<Exclude<WebexErrorCode, WebexErrorCode.WEBEX_ERROR>>({
  [WebexErrorCode.WEBEX_TIMEOUT]: HttpStatus.GATEWAY_TIMEOUT,
  [WebexErrorCode.WEBEX_UNREACHABLE]: HttpStatus.BAD_GATEWAY,
  [WebexErrorCode.OAUTH_GRANT_REFUSED]: HttpStatus.BAD_REQUEST,
  [WebexErrorCode.INVALID_WEBEX_ID]: HttpStatus.BAD_REQUEST,
  [WebexErrorCode.WEBEX_URL_TOO_LONG]: HttpStatus.BAD_REQUEST,
}) {}

/** Webex answered with an error: its status, message and trackingId are handed to the caller. */
export class WebexApiException extends HubError {
  declare readonly code: WebexErrorCode.WEBEX_ERROR;

  constructor(
    status: number,
    providerMessage: string,
    trackingId?: string,
    headers?: Record<string, string>,
    /** Webex's parsed error body, for callers that read its fields (the token endpoint's `error`). */
    readonly upstreamBody?: unknown,
  ) {
    super(status, WebexErrorCode.WEBEX_ERROR, `Webex answered ${status}`, { providerMessage, trackingId, headers });
  }
}

/** Webex did not answer in time. */
export class WebexTimeoutException extends WebexException {
  constructor(timeoutMs: number) {
    super(WebexErrorCode.WEBEX_TIMEOUT, `Webex did not answer within ${timeoutMs} ms`);
  }
}

/** Webex could not be reached at all. */
export class WebexUnreachableException extends WebexException {
  constructor(reason: string) {
    super(WebexErrorCode.WEBEX_UNREACHABLE, `Webex could not be reached: ${reason}`);
  }
}

/**
 * The token endpoint refused a grant. `oauthError` is the OAuth error code (`invalid_grant`,
 * `invalid_client`, ...): `invalid_grant` means the grant is gone for good.
 */
export class OAuthGrantException extends WebexException {
  constructor(
    readonly oauthError: string,
    readonly upstreamStatus: number,
    providerMessage: string,
    trackingId?: string,
  ) {
    super(WebexErrorCode.OAUTH_GRANT_REFUSED, `Webex refused the grant (${oauthError})`, { providerMessage, trackingId });
  }

  get permanent(): boolean {
    return this.oauthError === 'invalid_grant';
  }
}
