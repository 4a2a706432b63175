import { HubsErrorCode, HubsException } from './hubs.exception';

const FIELD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const BARE_VALUE = /[A-Za-z0-9_.:@+-]+/y;
const SPACE = /\s*/y;
const AND = /AND\b/iy;
const UNSUPPORTED_OPERATOR = /(!=|<>|>=|<=|>|<|LIKE\b|IN\b|IS\b|NOT\b|BETWEEN\b)/iy;

/**
 * The CEQL subset that maps onto Webex query parameters: `field = 'value'` joined by `AND` (any
 * case), values in single quotes with `''` for a quote (bare numbers and words accepted too).
 * Returns Webex query parameters; anything else is a 400 that says what is not supported.
 */
export function parseWhere(where: string, allowed: ReadonlySet<string>, resource: string): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  const fail = (what: string): never => {
    throw new HubsException(HubsErrorCode.INVALID_WHERE, `Unsupported where clause at character ${at + 1}: ${what}. The hub supports field = 'value' joined by AND`);
  };
  const skipSpace = () => {
    SPACE.lastIndex = at;
    SPACE.exec(where);
    at = SPACE.lastIndex;
  };
  const take = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const match = pattern.exec(where);
    if (!match) return undefined;
    at = pattern.lastIndex;
    return match[0];
  };

  skipSpace();
  if (at === where.length) return out;
  for (;;) {
    skipSpace();
    const field = take(FIELD) ?? fail(`expected a field name, found "${where.slice(at, at + 10)}"`);
    if (/^(OR|NOT)$/i.test(field)) fail(`${field.toUpperCase()} is not supported`);
    if (!allowed.has(field)) {
      const searchable = [...allowed].join(', ') || 'none';
      throw new HubsException(HubsErrorCode.INVALID_WHERE, `Field "${field}" cannot be searched on ${resource}; searchable fields: ${searchable}`);
    }
    if (field in out) fail(`field ${field} is given twice`);
    skipSpace();
    const operator = take(UNSUPPORTED_OPERATOR);
    if (operator) fail(`operator ${operator.toUpperCase()} is not supported, only =`);
    if (where[at] !== '=') fail(`expected = after ${field}`);
    at++;
    skipSpace();
    out[field] = where[at] === "'" ? quoted() : (take(BARE_VALUE) ?? fail(`expected a value in single quotes after ${field} =`));
    skipSpace();
    if (at === where.length) return out;
    if (/^OR\b/i.test(where.slice(at, at + 3))) fail('OR is not supported, only AND');
    if (!take(AND)) fail(`expected AND, found "${where.slice(at, at + 10)}"`);
  }

  function quoted(): string {
    let value = '';
    for (at++; at < where.length; at++) {
      if (where[at] !== "'") {
        value += where[at];
      } else if (where[at + 1] === "'") {
        value += "'";
        at++;
      } else {
        at++;
        return value;
      }
    }
    return fail('a quoted value is not closed');
  }
}
