/** @deprecated moved to `./webex.exception` (the webex catalogue); kept until tokens/ imports it from there. */
export { OAuthGrantException, WebexApiException, WebexTimeoutException, WebexUnreachableException } from './webex.exception';
