import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type Schema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

/** One operation the hub serves: from `/docs-json`, or a registered route the document misses. */
export interface Operation {
  method: string;
  /** `{name}` templates; a Fastify wildcard is `{*}`. */
  path: string;
  parameters: Parameter[];
  /** The JSON request body schema (dereferenced), when the operation takes one. */
  body?: Schema;
  documented: boolean;
  /** Validators of the JSON success responses, by status. */
  responses: Map<string, ValidateFunction>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Every operation of the document, plus every route `routesOf(app)` lists that the document does
 * not (those are fuzzed without a schema), so a route that lands later is covered without a change here.
 */
export function operationsOf(document: Schema, routes: { method: string; url: string }[]): Operation[] {
  const ajv = new Ajv({ strict: false, allErrors: false, logger: false });
  addFormats(ajv);
  const deref = (schema: Schema | undefined) => (schema ? openApiToJsonSchema(dereference(document, schema)) : undefined);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters: Parameter[] = (op.parameters ?? []).map((p: Schema) => dereference(document, p)).map((p: Schema) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required),
        schema: deref(p.schema) ?? { type: 'string' },
      }));
      const responses = new Map<string, ValidateFunction>();
      for (const [status, response] of Object.entries<Schema>(op.responses ?? {})) {
        const schema = dereference(document, response).content?.['application/json']?.schema;
        if (schema) responses.set(status, ajv.compile(deref(schema)!));
      }
      const body = deref(op.requestBody && dereference(document, op.requestBody).content?.['application/json']?.schema);
      operations.push({ method: method.toUpperCase(), path, parameters, body, documented: true, responses });
    }
  }
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');
    if (operations.some((o) => o.method === route.method && o.path === path)) continue;
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    operations.push({
      method: route.method,
      path,
      parameters: names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      body: { type: 'object', additionalProperties: true },
      documented: document.paths?.[path.replace('{*}', '*')]?.[route.method.toLowerCase()] !== undefined,
      responses: new Map(),
    });
  }
  return operations;
}

function dereference(document: Schema, schema: Schema, depth = 0): Schema {
  if (depth > 12 || schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((s) => dereference(document, s, depth + 1));
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: Schema, key: string) => node?.[key], document);
    return dereference(document, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, dereference(document, v, depth + 1)]));
}

/** OpenAPI 3.0's `nullable` is not JSON Schema: it becomes `anyOf [schema, null]`. */
function openApiToJsonSchema(schema: Schema): Schema {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(openApiToJsonSchema);
  const { nullable, example: _example, ...rest } = schema;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries<Schema>(v).map(([p, s]) => [p, openApiToJsonSchema(s)])) : openApiToJsonSchema(v)]),
  );
  return nullable ? { anyOf: [converted, { type: 'null' }] } : converted;
}
