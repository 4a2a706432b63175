import { CeqlExpression, OrderTerm } from './ceql.ast';
import { CeqlError } from './ceql-error';
import { parse } from './ceql-parser.generated';

/** Longer texts are refused before parsing: no real query needs them, and parsing is recursive. */
export const MAX_CEQL_LENGTH = 4096;
/** Deepest parenthesis nesting accepted, for the same reason. */
export const MAX_CEQL_DEPTH = 32;

type StartRule = 'Where' | 'OrderBy' | 'Fields';

interface PeggyExpectation {
  type: 'literal' | 'class' | 'any' | 'end' | 'other';
  text?: string;
  description?: string;
}

interface PeggyError {
  message: string;
  expected: PeggyExpectation[] | null;
  location: { start: { offset: number } };
}

/** The condition tree of a `where`; undefined for an empty or blank one (no filter). */
export function parseWhere(text: string): CeqlExpression | undefined {
  return text.trim() === '' ? undefined : (run(text, 'Where', 'where') as CeqlExpression);
}

/** `orderBy`: `created desc, title` (direction `asc` when left out). */
export function parseOrderBy(text: string): OrderTerm[] {
  return run(text, 'OrderBy', 'orderBy') as OrderTerm[];
}

/** `fields`: a comma list of field names or dotted paths. */
export function parseFields(text: string): string[] {
  return run(text, 'Fields', 'fields') as string[];
}

function run(text: string, startRule: StartRule, what: string): unknown {
  if (text.length > MAX_CEQL_LENGTH) throw new CeqlError(`${what} is longer than ${MAX_CEQL_LENGTH} characters`, MAX_CEQL_LENGTH);
  checkDepth(text, what);
  try {
    return parse(text, { startRule });
  } catch (error) {
    if (!isPeggyError(error)) throw error;
    const position = error.location.start.offset;
    const expected = describeExpected(error.expected);
    const why = error.expected ? `expected ${expected.join(', ')}; found ${found(text, position)}` : error.message;
    throw new CeqlError(`Invalid ${what} at character ${position + 1}: ${why}`, position, expected);
  }
}

/** Parentheses nest the recursive parser: past MAX_CEQL_DEPTH, refuse at the one too deep. */
function checkDepth(text: string, what: string): void {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '`') {
      quote = c;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
    } else if (c === '(') {
      if (++depth > MAX_CEQL_DEPTH) throw new CeqlError(`Invalid ${what} at character ${i + 1}: nested deeper than ${MAX_CEQL_DEPTH} levels`, i);
    }
  }
}

function describeExpected(expected: PeggyExpectation[] | null): string[] {
  const out = new Set<string>();
  for (const e of expected ?? []) {
    if (e.type === 'end') out.add('end of input');
    else if (e.type === 'literal') out.add(`"${e.text}"`);
    else if (e.type === 'other' && e.description !== 'whitespace') out.add(e.description ?? '');
    else if (e.type === 'class' || e.type === 'any') out.add('a character');
  }
  return [...out].sort();
}

function found(text: string, position: number): string {
  if (position >= text.length) return 'the end';
  if (text[position] === '\0') return 'a NUL byte';
  const rest = text.slice(position, position + 12);
  return JSON.stringify(rest.length < text.length - position ? `${rest}…` : rest);
}

function isPeggyError(error: unknown): error is PeggyError {
  return error instanceof Error && error.name === 'SyntaxError' && 'location' in error;
}
