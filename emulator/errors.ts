/** A Webex API error: answered as `{message, errors: [{description}], trackingId}`. */
export class WebexError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const MESSAGES = {
  unauthorized: 'The request requires a valid access token set in the Authorization request header.',
  notFound: 'The requested resource could not be found.',
  forbidden: 'The request is understood, but it has been refused or access is not allowed.',
  methodNotAllowed: 'The request was made to a resource using an HTTP request method that is not supported.',
  tooManyRequests: 'Too many requests have been sent in a given amount of time and the request has been rate limited.',
} as const;

export const unauthorized = (): WebexError => new WebexError(401, MESSAGES.unauthorized);
export const notFound = (): WebexError => new WebexError(404, MESSAGES.notFound);
export const forbidden = (detail?: string): WebexError => new WebexError(403, detail ?? MESSAGES.forbidden);
export const badRequest = (detail: string): WebexError => new WebexError(400, detail);
export const conflict = (detail: string): WebexError => new WebexError(409, detail);

export function webexErrorBody(message: string, tracking: string) {
  return { message, errors: [{ description: message }], trackingId: tracking };
}

/** An OAuth error from `/access_token`: RFC 6749 fields plus Webex's own error fields. */
export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export function oauthErrorBody(error: OAuthError, tracking: string) {
  return { error: error.code, error_description: error.description, ...webexErrorBody(`(${error.code}) ${error.description}`, tracking) };
}
