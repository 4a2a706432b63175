import { CeqlExpression, ComparisonOperator, Like } from './ceql.ast';
import { compareToLiteral, valueAt } from './ceql-values';

/** SQL's three values: a condition on a null or absent field is neither true nor false. */
type Truth = boolean | undefined;

const HOLDS: Record<ComparisonOperator, (order: number) => boolean> = {
  '=': (o) => o === 0,
  '!=': (o) => o !== 0,
  '<': (o) => o < 0,
  '>': (o) => o > 0,
  '<=': (o) => o <= 0,
  '>=': (o) => o >= 0,
};

/**
 * Whether an item matches a `where`, with SQL's null logic as CE's SQL-like language implies: a
 * condition on a null or absent field is unknown, NOT of unknown is unknown, and only items for
 * which the whole expression is true match. So `NOT title = 'x'` leaves out items without a title.
 */
export function evaluate(expression: CeqlExpression, item: unknown): boolean {
  return truth(expression, item) === true;
}

function truth(expression: CeqlExpression, item: unknown): Truth {
  switch (expression.type) {
    case 'and':
    case 'or': {
      const decisive = expression.type === 'or';
      let result: Truth = !decisive;
      for (const term of expression.terms) {
        const value = truth(term, item);
        if (value === decisive) return decisive;
        if (value === undefined) result = undefined;
      }
      return result;
    }
    case 'not':
      return not(truth(expression.term, item));
    case 'null': {
      const value = valueAt(item, expression.field);
      const isNull = value === null || value === undefined;
      return expression.negated ? !isNull : isNull;
    }
    case 'compare': {
      const order = compareToLiteral(valueAt(item, expression.field), expression.value);
      return order === undefined ? undefined : HOLDS[expression.op](order);
    }
    case 'in': {
      const actual = valueAt(item, expression.field);
      let found: Truth = false;
      for (const value of expression.values) {
        const order = compareToLiteral(actual, value);
        if (order === 0) {
          found = true;
          break;
        }
        if (order === undefined) found = undefined;
      }
      return expression.negated ? not(found) : found;
    }
    case 'like': {
      const actual = valueAt(item, expression.field);
      if (actual === null || actual === undefined || typeof actual === 'object') return undefined;
      const matches = likeMatches(String(actual), expression);
      return expression.negated ? !matches : matches;
    }
  }
}

function not(value: Truth): Truth {
  return value === undefined ? undefined : !value;
}

const lowered = new WeakMap<Like, string[]>();

/**
 * LIKE, case-insensitive: `%` any run of characters, `_` exactly one. A wildcard matcher that
 * backtracks only to the last `%` (time at most text × pattern), where a regular expression
 * built from the pattern could take exponential time on a hostile one.
 */
function likeMatches(text: string, like: Like): boolean {
  let pattern = lowered.get(like);
  if (!pattern) lowered.set(like, (pattern = [...like.pattern.toLowerCase()]));
  const chars = [...text.toLowerCase()];
  let t = 0;
  let p = 0;
  let star = -1;
  let resume = 0;
  while (t < chars.length) {
    if (p < pattern.length && pattern[p] !== '%' && (pattern[p] === '_' || pattern[p] === chars[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '%') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '%') p++;
  return p === pattern.length;
}
