import { CeqlValue } from './ceql.ast';

// A date, or a date and time with its zone: compared as instants, so `created > '2024-05-01'`
// and `created = '2024-05-01T10:00:00Z'` mean what they say against Webex's `...:00.000Z`.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** The value at a dotted path of an item (`creator.displayName`); undefined when any step is missing. */
export function valueAt(item: unknown, path: string): unknown {
  let value = item;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/**
 * An item's value against a literal: negative, zero or positive, or undefined when they cannot be
 * compared (null or absent, an object or array, or a type the literal cannot be read as). Numbers
 * compare as numbers (numeric text too), `true`/`false` as booleans, text as text.
 */
export function compareToLiteral(actual: unknown, literal: CeqlValue): number | undefined {
  if (actual === null || actual === undefined || typeof actual === 'object') return undefined;
  const value = actual as string | number | boolean;
  if (typeof literal === 'number') return numeric(asNumber(value), literal);
  if (typeof literal === 'boolean') return numeric(asBoolean(value), Number(literal));
  if (typeof value === 'string') return compareText(value, literal);
  if (typeof value === 'number') return numeric(value, asNumber(literal));
  return numeric(Number(value), asBoolean(literal));
}

/** Two values of items, for ordering: numbers, then booleans, then text; undefined when either is null or absent. */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'string') return compareText(a, b as string);
  if (typeof a === 'number' || typeof a === 'boolean') return Math.sign(Number(a) - Number(b));
  return 0;
}

/** Text by UTF-16 code unit (so case matters), timestamps as instants. */
export function compareText(a: string, b: string): number {
  if (TIMESTAMP.test(a) && TIMESTAMP.test(b)) {
    const difference = Date.parse(a) - Date.parse(b);
    if (!Number.isNaN(difference)) return Math.sign(difference);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function numeric(a: number, b: number): number | undefined {
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.sign(a - b);
}

function asNumber(value: string | number | boolean): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
}

function asBoolean(value: string | number | boolean): number {
  if (typeof value === 'boolean') return Number(value);
  return value === 'true' ? 1 : value === 'false' ? 0 : NaN;
}

function typeRank(value: unknown): number {
  return typeof value === 'number' ? 0 : typeof value === 'boolean' ? 1 : typeof value === 'string' ? 2 : 3;
}
