import { CeqlCondition, CeqlExpression, describeCondition } from './ceql.ast';
import { CeqlError } from './ceql-error';

/** Longest LIKE pattern: matching costs up to pattern × text per item. */
export const MAX_LIKE_PATTERN = 256;

/**
 * What Webex does with a query parameter of a list call, for a `where` field of the same name:
 * - `exact`: Webex returns exactly the items whose field of that name equals the value;
 * - `superset`: Webex narrows loosely (a prefix, any case, a comma list): the hub sends it and
 *   checks the condition again on what comes back;
 * - `input`: a Webex input that is no field of the items (`before`, `email`, `sortBy`): it can
 *   only be sent, so only `name = value` at the top level (joined by AND) is accepted.
 */
export type WebexParameter = 'exact' | 'superset' | 'input';

/** What one list call can push down to Webex: its query parameters, by name. */
export interface CeqlCapabilities {
  /** The hub resource, for messages (`channels/{channelId}/users`). */
  resource: string;
  parameters: Readonly<Record<string, WebexParameter>>;
}

/** A `where` split: Webex query parameters to send, and what the hub still checks on each item. */
export interface CeqlPlan {
  pushDown: Record<string, string>;
  residual?: CeqlExpression;
}

/**
 * Splits a `where` into what Webex honours and what the hub evaluates. Only the top-level AND's
 * `field = value` conditions can go to Webex (a Webex list call ANDs its parameters, and knows no
 * other operator); everything else is checked in the hub on the items Webex returns.
 */
export function plan(where: CeqlExpression | undefined, capabilities: CeqlCapabilities): CeqlPlan {
  const pushDown: Record<string, string> = {};
  const residual: CeqlExpression[] = [];
  for (const term of where ? conjuncts(where) : []) {
    const kind = term.type === 'compare' ? capabilities.parameters[term.field] : undefined;
    if (term.type !== 'compare' || term.op !== '=' || !kind) {
      residual.push(term);
      continue;
    }
    const value = term.value;
    if (kind === 'input') {
      if (term.field in pushDown) throw new CeqlError(`where gives ${term.field} twice; ${capabilities.resource} takes one ${term.field}`);
      pushDown[term.field] = String(value);
      continue;
    }
    // Webex compares text: a number or boolean literal, or a second value, is the hub's to check.
    if (typeof value === 'string' && !(term.field in pushDown)) pushDown[term.field] = value;
    if (kind === 'superset' || pushDown[term.field] !== value) residual.push(term);
  }
  for (const term of residual) check(term, capabilities, undefined);
  return { pushDown, ...(residual.length && { residual: residual.length === 1 ? residual[0] : { type: 'and', terms: residual } }) };
}

function conjuncts(expression: CeqlExpression): CeqlExpression[] {
  return expression.type === 'and' ? expression.terms.flatMap(conjuncts) : [expression];
}

/** Refuses, naming field and operator, what the hub cannot evaluate: inputs past the top level, overlong LIKE patterns. */
function check(expression: CeqlExpression, capabilities: CeqlCapabilities, within: 'OR' | 'NOT' | undefined): void {
  switch (expression.type) {
    case 'and':
      return expression.terms.forEach((term) => check(term, capabilities, within));
    case 'or':
      return expression.terms.forEach((term) => check(term, capabilities, 'OR'));
    case 'not':
      return check(expression.term, capabilities, 'NOT');
    default:
      return checkCondition(expression, capabilities, within);
  }
}

function checkCondition(condition: CeqlCondition, { resource, parameters }: CeqlCapabilities, within: 'OR' | 'NOT' | undefined): void {
  if (parameters[condition.field] === 'input') {
    const found = condition.type === 'compare' && condition.op === '=' ? `${describeCondition(condition)} under ${within}` : describeCondition(condition);
    throw new CeqlError(
      `where cannot use ${found} on ${resource}: ${condition.field} is a Webex parameter, not a field of the items, so it can only be given as ${condition.field} = 'value' joined to the rest by AND`,
    );
  }
  if (condition.type === 'like' && [...condition.pattern].length > MAX_LIKE_PATTERN) {
    throw new CeqlError(`where cannot use ${describeCondition(condition)} with a pattern longer than ${MAX_LIKE_PATTERN} characters`);
  }
}
