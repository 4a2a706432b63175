import { CeqlError, CeqlExpression, comparator, evaluate, OrderTerm, parseFields, parseOrderBy, parseWhere, plan, planOrderBy } from '../ceql';
import { HubRoute } from './hub-routes';
import { HubsErrorCode, HubsException } from './hubs.exception';
import { MAX_PAGE, MAX_PAGE_WALK_ITEMS } from './next-page-token';

export type HubQuery = Record<string, string | string[] | undefined>;

/** The query parameters of a list that are no Webex filter. */
const LIST_PARAMETERS = new Set(['pageSize', 'nextPage', 'page', 'where', 'orderBy', 'fields']);

/** A list request's parameters, read and checked before the next-page token is opened. */
export interface ListRequest {
  pageSize: number;
  pageSizeGiven: boolean;
  page?: number;
  nextPage?: string;
  where?: string;
  orderBy?: string;
  fields?: string[];
  /** Plain Webex filter parameters (`?type=group`): the same as `where type = 'group'`. */
  filters: Record<string, string>;
}

/**
 * How the hub serves a list: the Webex parameters to send, the condition it checks itself on each
 * item Webex returns, and the order it sorts in itself (when Webex cannot give that order).
 */
export interface ListPlan {
  pushDown: Record<string, string>;
  matches?: (item: unknown) => boolean;
  sort?: { terms: OrderTerm[]; compare: (a: unknown, b: unknown) => number };
}

export function readListRequest(query: HubQuery, route: HubRoute, maxPageSize: number): ListRequest {
  const nextPage = single(query, 'nextPage');
  const page = pageNumber(single(query, 'page'));
  if (nextPage !== undefined && page !== undefined) throw new HubsException(HubsErrorCode.INVALID_PAGING, 'Give page or nextPage, not both');
  const { value: pageSize, given: pageSizeGiven } = pageSizeOf(single(query, 'pageSize'), maxPageSize);
  const where = single(query, 'where')?.trim();
  const orderBy = single(query, 'orderBy')?.trim();
  const fields = single(query, 'fields');
  return {
    pageSize,
    pageSizeGiven,
    ...(page !== undefined && { page }),
    ...(nextPage !== undefined && { nextPage }),
    ...(where !== undefined && { where }),
    ...(orderBy && { orderBy }),
    ...(fields?.trim() && { fields: readFields(fields, route) }),
    filters: plainFilters(query, route, LIST_PARAMETERS),
  };
}

/** `fields`: the names to project the answer onto (a 400 naming the field the hub cannot show). */
export function readFields(text: string, route: HubRoute): string[] {
  const fields = ceql(HubsErrorCode.INVALID_FIELDS, () => parseFields(text));
  for (const field of fields) refuseNonField(field, route, 'fields', HubsErrorCode.INVALID_FIELDS);
  return fields;
}

/**
 * Splits a list's where (with its plain filter parameters, ANDed to it) and orderBy into what
 * Webex does and what the hub does: a 400 naming the operator or field for what neither can do.
 */
export function planList(route: HubRoute, where: string | undefined, orderBy: string | undefined, filters: Record<string, string>): ListPlan {
  const resource = route.resource.path;
  const parsed = where ? ceql(HubsErrorCode.INVALID_WHERE, () => parseWhere(where)) : undefined;
  const terms: CeqlExpression[] = Object.entries(filters).map(([field, value]) => ({ type: 'compare', field, op: '=', value }));
  if (parsed) terms.unshift(parsed);
  const expression: CeqlExpression | undefined = terms.length > 1 ? { type: 'and', terms } : terms[0];
  if (expression) for (const field of fieldsOf(expression)) refuseSecret(field, route, 'where', HubsErrorCode.INVALID_WHERE);
  const split = ceql(HubsErrorCode.INVALID_WHERE, () => plan(expression, { resource, parameters: route.filters }));
  const residual = split.residual;
  const out: ListPlan = { pushDown: split.pushDown, ...(residual && { matches: (item: unknown) => evaluate(residual, item) }) };
  if (!orderBy) return out;

  const order = ceql(HubsErrorCode.INVALID_ORDER_BY, () => parseOrderBy(orderBy));
  for (const { field } of order) refuseNonField(field, route, 'orderBy', HubsErrorCode.INVALID_ORDER_BY);
  const ordered = planOrderBy(order, route.orders);
  if ('inHub' in ordered) return { ...out, sort: { terms: order, compare: totalOrder(order) } };
  for (const [name, value] of Object.entries(ordered.pushDown)) {
    if (name in out.pushDown && out.pushDown[name] !== value) {
      throw new HubsException(HubsErrorCode.INVALID_ORDER_BY, `orderBy ${orderBy} is Webex's ${name}=${value}, and the where gives ${name} = '${out.pushDown[name]}'; leave one out`);
    }
  }
  return { ...out, pushDown: { ...out.pushDown, ...ordered.pushDown } };
}

/** The orderBy's comparator with the item id last, so that a sorted list pages by its last key. */
function totalOrder(terms: OrderTerm[]): (a: unknown, b: unknown) => number {
  const byTerms = comparator(terms);
  const byId = comparator([{ field: 'id', direction: 'asc' }]);
  return (a, b) => byTerms(a, b) || byId(a, b);
}

/**
 * Query parameters passed to Webex as they are: those the resource lets a caller filter on (the
 * same names `where` accepts). Any other is a 400 rather than silently dropped.
 */
export function plainFilters(query: HubQuery, route: HubRoute, ignored: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in query) {
    if (ignored.has(name)) continue;
    if (!Object.hasOwn(route.filters, name)) {
      const accepted = [...ignored, ...Object.keys(route.filters)];
      throw new HubsException(HubsErrorCode.INVALID_QUERY, `Query parameter ${name} is not supported on ${route.resource.path}${accepted.length ? `; accepted: ${accepted.join(', ')}` : ''}`);
    }
    const value = single(query, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function single(query: HubQuery, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new HubsException(HubsErrorCode.INVALID_QUERY, `${name} is given more than once`);
  return value;
}

function ceql<T>(code: HubsErrorCode, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CeqlError) throw new HubsException(code, error.message);
    throw error;
  }
}

function fieldsOf(expression: CeqlExpression): string[] {
  switch (expression.type) {
    case 'and':
    case 'or':
      return expression.terms.flatMap(fieldsOf);
    case 'not':
      return fieldsOf(expression.term);
    default:
      return [expression.field];
  }
}

/** A secret field (a webhook's secret) is masked in answers: no where or orderBy may probe it. */
function refuseSecret(field: string, route: HubRoute, what: string, code: HubsErrorCode): void {
  if (route.resource.secretFields?.includes(field.split('.')[0])) {
    throw new HubsException(code, `${what} cannot use ${field} on ${route.resource.path}: it is a secret, shown only as ********`);
  }
}

/** orderBy and fields name fields of the items: not a Webex input (`email`, `before`), nor a secret. */
function refuseNonField(field: string, route: HubRoute, what: string, code: HubsErrorCode): void {
  refuseSecret(field, route, what, code);
  if (route.filters[field] === 'input') {
    throw new HubsException(code, `${what} cannot use ${field} on ${route.resource.path}: ${field} is a Webex parameter, not a field of the items`);
  }
}

function pageSizeOf(raw: string | undefined, max: number): { value: number; given: boolean } {
  if (raw === undefined || raw === '') return { value: max, given: false };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new HubsException(HubsErrorCode.INVALID_PAGING, 'pageSize must be a positive integer');
  return { value: Math.min(value, max), given: true };
}

function pageNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE) {
    throw new HubsException(HubsErrorCode.INVALID_PAGING, `page must be an integer from 1 to ${MAX_PAGE} (and page × pageSize at most ${MAX_PAGE_WALK_ITEMS}); page further with nextPage`);
  }
  return value;
}
