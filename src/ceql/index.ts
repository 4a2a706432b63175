export * from './ceql.ast';
export { CeqlError } from './ceql-error';
export { MAX_CEQL_DEPTH, MAX_CEQL_LENGTH, parseFields, parseOrderBy, parseWhere } from './ceql-parser';
export { evaluate } from './ceql-evaluate';
export { MAX_LIKE_PATTERN, plan } from './ceql-plan';
export type { CeqlCapabilities, CeqlPlan, WebexParameter } from './ceql-plan';
export { comparator, orderKey, planOrderBy } from './ceql-order-by';
export type { OrderPlan } from './ceql-order-by';
export { project } from './ceql-fields';
