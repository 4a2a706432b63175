/**
 * Why a `where`, `orderBy` or `fields` cannot be done: a syntax error (with the 0-based
 * `position` in the text and what was `expected` there) or a condition the hub cannot answer
 * exactly. The hub answers either with a 400 carrying `message`.
 */
export class CeqlError extends Error {
  constructor(
    message: string,
    readonly position?: number,
    readonly expected: string[] = [],
  ) {
    super(message);
    this.name = 'CeqlError';
  }
}
