import { HttpStatus } from '@nestjs/common';
import { HubException } from '../common/hub.exception';

/** Webex answered with an error: its status, message and trackingId are handed to the caller. */
export class WebexApiException extends HubException {
  constructor(
    status: number,
    providerMessage: string,
    trackingId?: string,
    headers?: Record<string, string>,
    /** Webex's parsed error body, for callers that read its fields (the token endpoint's `error`). */
    readonly upstreamBody?: unknown,
  ) {
    super(status, 'WEBEX_ERROR', `Webex answered ${status}`, { providerMessage, trackingId, headers });
  }
}

/** Webex did not answer in time. */
export class WebexTimeoutException extends HubException {
  constructor(timeoutMs: number) {
    super(HttpStatus.GATEWAY_TIMEOUT, 'WEBEX_TIMEOUT', `Webex did not answer within ${timeoutMs} ms`);
  }
}

/** Webex could not be reached at all. */
export class WebexUnreachableException extends HubException {
  constructor(reason: string) {
    super(HttpStatus.BAD_GATEWAY, 'WEBEX_UNREACHABLE', `Webex could not be reached: ${reason}`);
  }
}

/**
 * The token endpoint refused a grant. `oauthError` is the OAuth error code (`invalid_grant`,
 * `invalid_client`, ...): `invalid_grant` means the grant is gone for good.
 */
export class OAuthGrantException extends HubException {
  constructor(
    readonly oauthError: string,
    readonly upstreamStatus: number,
    providerMessage: string,
    trackingId?: string,
  ) {
    super(HttpStatus.BAD_REQUEST, 'OAUTH_GRANT_REFUSED', `Webex refused the grant (${oauthError})`, { providerMessage, trackingId });
  }

  get permanent(): boolean {
    return this.oauthError === 'invalid_grant';
  }
}
