import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the official Webex OpenAPI documents live (vendored beside this file, CC BY 4.0). */
export const OPENAPI_DIR = process.env.WEBEX_OPENAPI_DIR ?? join(__dirname, 'openapi');
const DOCUMENTS = ['webex-messaging.json', 'webex-admin.json'];

type Json = Record<string, any>;

/** Points a document's local `#/components/...` refs at that document's registered id. */
function prefixRefs(value: unknown, docId: string): unknown {
  if (Array.isArray(value)) return value.map((v) => prefixRefs(v, docId));
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${docId}${v}` : prefixRefs(v, docId);
    return out;
  }
  return value;
}

/**
 * Validates response bodies against the response schemas of the Webex OpenAPI documents
 * (OpenAPI 3.0; `nullable` is honoured by Ajv's own support for it).
 */
export class OpenApiValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly docs: Array<{ id: string; doc: Json }> = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(dir = OPENAPI_DIR) {
    addFormats(this.ajv);
    this.ajv.addFormat('ARF', true).addFormat('password', true);
    for (const file of DOCUMENTS) {
      const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
      const id = file.replace('.json', '');
      this.ajv.addSchema({ $id: id, components: prefixRefs(doc.components, id) } as Json);
      this.docs.push({ id, doc });
    }
  }

  /** The documents that describe an operation, e.g. `('get', '/rooms/{roomId}')`. */
  operations(method: string, path: string): Array<{ id: string; operation: Json }> {
    return this.docs.flatMap(({ id, doc }) => {
      const operation = doc.paths[path]?.[method.toLowerCase()];
      return operation ? [{ id, operation }] : [];
    });
  }

  /** Problems with a response, or an empty list when every describing document accepts it. */
  validate(method: string, path: string, status: number, body: unknown): string[] {
    const operations = this.operations(method, path);
    if (operations.length === 0) return [`no document describes ${method.toUpperCase()} ${path}`];
    const problems: string[] = [];
    for (const { id, operation } of operations) {
      const response = operation.responses?.[String(status)];
      if (!response) {
        problems.push(`${id}: status ${status} is not documented for ${method.toUpperCase()} ${path}`);
        continue;
      }
      const schema = response.content?.['application/json']?.schema;
      if (!schema) {
        if (body !== '' && body !== undefined) problems.push(`${id}: ${status} documents no body`);
        continue;
      }
      const key = `${id} ${method} ${path} ${status}`;
      let validate = this.compiled.get(key);
      if (!validate) this.compiled.set(key, (validate = this.ajv.compile(prefixRefs(schema, id) as Json)));
      if (!validate(body)) problems.push(...(validate.errors ?? []).map((e) => `${id}: ${e.instancePath || '/'} ${e.message}`));
    }
    return problems;
  }
}
