import { CommonErrorCode, CommonException } from './common.exception';

declare global {
  interface String {
    /** ES2024, in Node since 20: false when the string holds a lone UTF-16 surrogate. */
    isWellFormed(): boolean;
  }
}

/**
 * Text the hub can store and pass on: no NUL (PostgreSQL's text and jsonb refuse it) and no lone
 * UTF-16 surrogate (no UTF-8 for it). Two native scans: every string of every request goes
 * through here, hub calls included.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

export function unstorableText(where: string): CommonException {
  return new CommonException(CommonErrorCode.UNSTORABLE_TEXT, `${where} holds a NUL character or a lone UTF-16 surrogate, which the hub does not accept`);
}

interface RequestParts {
  params: unknown;
  query: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The first unstorable string of a request's path parameters (decoded, so `%00` counts), query
 * and headers, as the 400 to answer; undefined when all are fine. Bodies are checked as they are
 * parsed (`assertAcceptableBody`).
 */
export function unstorableRequestText({ params, query, headers }: RequestParts): CommonException | undefined {
  if (params && typeof params === 'object') {
    for (const name in params) {
      const value = (params as Record<string, unknown>)[name];
      if (typeof value === 'string' && !isStorableText(value)) return unstorableText('The path');
    }
  }
  if (query && typeof query === 'object') {
    for (const name in query) {
      if (!isStorableText(name)) return unstorableText('A query parameter name');
      const value = (query as Record<string, unknown>)[name];
      if (typeof value === 'string' ? !isStorableText(value) : Array.isArray(value) && !value.every((v) => typeof v !== 'string' || isStorableText(v))) {
        return unstorableText(`Query parameter ${name}`);
      }
    }
  }
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string' ? !isStorableText(value) : Array.isArray(value) && !value.every(isStorableText)) return unstorableText(`Header ${name}`);
  }
  return undefined;
}
