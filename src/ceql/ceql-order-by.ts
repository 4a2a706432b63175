import { OrderTerm } from './ceql.ast';
import { compareValues, valueAt } from './ceql-values';

/** `orderBy` spelled as the hub keys it: `created desc, title asc`. */
export function orderKey(terms: OrderTerm[]): string {
  return terms.map((term) => `${term.field} ${term.direction}`).join(', ');
}

/**
 * Where an `orderBy` is done: by Webex, when a list call's parameters give exactly that order
 * (`orders` maps an orderKey to those parameters), else by the hub, which can only sort the
 * whole list (sorting each page alone would not be one order), so it must read every page first.
 */
export type OrderPlan = { pushDown: Record<string, string> } | { inHub: (a: unknown, b: unknown) => number };

export function planOrderBy(terms: OrderTerm[], orders: Readonly<Record<string, Record<string, string>>> = {}): OrderPlan {
  const pushDown = Object.hasOwn(orders, orderKey(terms)) ? orders[orderKey(terms)] : undefined;
  return pushDown ? { pushDown: { ...pushDown } } : { inHub: comparator(terms) };
}

/**
 * A comparator for Array.prototype.sort (stable, so ties keep Webex's order): terms in turn,
 * numbers as numbers, timestamps as instants, text by code unit; an item whose field is null or
 * absent comes after the others in either direction.
 */
export function comparator(terms: OrderTerm[]): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const { field, direction } of terms) {
      const x = valueAt(a, field);
      const y = valueAt(b, field);
      const xNull = x === null || x === undefined;
      const yNull = y === null || y === undefined;
      if (xNull || yNull) {
        if (xNull !== yNull) return xNull ? 1 : -1;
        continue;
      }
      const order = compareValues(x, y) ?? 0;
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return 0;
  };
}
