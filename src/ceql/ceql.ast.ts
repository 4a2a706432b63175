/** A literal on the right of a CEQL condition. */
export type CeqlValue = string | number | boolean;

export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** `field op value`; `<>` is read as `!=`. */
export interface Comparison {
  type: 'compare';
  field: string;
  op: ComparisonOperator;
  value: CeqlValue;
}

/** `field [NOT] LIKE 'pattern'`: `%` any run of characters, `_` one character, case-insensitive. */
export interface Like {
  type: 'like';
  field: string;
  pattern: string;
  negated: boolean;
}

/** `field [NOT] IN (v1, v2, ...)`. */
export interface In {
  type: 'in';
  field: string;
  values: CeqlValue[];
  negated: boolean;
}

/** `field IS [NOT] NULL`: a field that is absent counts as null. */
export interface IsNull {
  type: 'null';
  field: string;
  negated: boolean;
}

export type CeqlCondition = Comparison | Like | In | IsNull;

/** A parsed `where`: conditions under AND, OR (each with two or more terms) and NOT. */
export type CeqlExpression = CeqlCondition | { type: 'and' | 'or'; terms: CeqlExpression[] } | { type: 'not'; term: CeqlExpression };

/** One `orderBy` term: `created desc`. */
export interface OrderTerm {
  field: string;
  direction: 'asc' | 'desc';
}

/** How a condition reads in an error message: `title LIKE`, `type IS NOT NULL`. */
export function describeCondition(condition: CeqlCondition): string {
  switch (condition.type) {
    case 'compare':
      return `${condition.field} ${condition.op}`;
    case 'like':
      return `${condition.field} ${condition.negated ? 'NOT LIKE' : 'LIKE'}`;
    case 'in':
      return `${condition.field} ${condition.negated ? 'NOT IN' : 'IN'}`;
    case 'null':
      return `${condition.field} ${condition.negated ? 'IS NOT NULL' : 'IS NULL'}`;
  }
}
