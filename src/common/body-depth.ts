import { BadRequestException } from './hub.exception';

/** Far deeper than any hub body; class-transformer and class-validator recurse once per level. */
export const MAX_BODY_DEPTH = 64;

/**
 * Refuses a JSON body nested deeper than `max` with a 400: the validation pipe walks bodies
 * recursively, and a body of a few kilobytes of `[[[[…` would otherwise overflow the stack (a 500).
 * Iterative, so the check itself cannot overflow.
 */
export function assertBodyDepth(body: unknown, max = MAX_BODY_DEPTH): void {
  if (body === null || typeof body !== 'object') return;
  const stack: [unknown, number][] = [[body, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (depth > max) throw new BadRequestException(`Body nests more than ${max} levels deep`);
    for (const child of Object.values(value as object)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
}
