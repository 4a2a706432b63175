import { WebexErrorCode, WebexException } from './webex.exception';

/**
 * An id as one segment of a Webex path: percent-encoded, and never empty, `.` or `..`, which a
 * URL resolves as "this path" or "the parent path" (`/people/..` is `/`), so they would reach
 * another Webex resource than the one named. Callers pass ids decoded (`%2e` is `.` by then).
 */
export function webexPathSegment(id: string): string {
  if (id === '' || id === '.' || id === '..') throw new WebexException(WebexErrorCode.INVALID_WEBEX_ID, `Invalid id ${JSON.stringify(id)}: an id cannot be empty, "." or ".."`);
  return encodeURIComponent(id);
}
