import { CommonErrorCode, CommonException } from '../common/common.exception';
import { isStorableText, unstorableText } from '../common/storable-text';

/** Far deeper than any hub body; class-transformer and class-validator recurse once per level. */
export const MAX_BODY_DEPTH = 64;

/**
 * Refuses with a 400 a parsed body (JSON or form) that the hub could not handle:
 * - nested deeper than `max`: the validation pipe walks bodies recursively, and a body of a few
 *   kilobytes of `[[[[…` would otherwise overflow the stack (a 500);
 * - holding a NUL or a lone surrogate in any string or key, at any depth: the database cannot
 *   store it, and refusing it here comes before any Webex call (a code exchange) or write.
 * One iterative walk, so the check itself cannot overflow.
 */
export function assertAcceptableBody(body: unknown, max = MAX_BODY_DEPTH): void {
  if (typeof body === 'string') {
    if (!isStorableText(body)) throw unstorableText('The body');
    return;
  }
  if (body === null || typeof body !== 'object') return;
  const stack: [unknown, number][] = [[body, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (depth > max) throw new CommonException(CommonErrorCode.BODY_TOO_DEEP, `Body nests more than ${max} levels deep`);
    const isArray = Array.isArray(value);
    const children = isArray ? (value as unknown[]) : Object.values(value as object);
    if (!isArray) for (const key in value as object) if (!isStorableText(key)) throw unstorableText('A key of the body');
    for (const child of children) {
      if (typeof child === 'string') {
        if (!isStorableText(child)) throw unstorableText('The body');
      } else if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}
