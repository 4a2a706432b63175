import type { OpenAPIObject, OperationObject, ParameterObject, PathItemObject, ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ElementDefinition, HubOperation, ResourceDefinition } from '../elements/element.types';
import { ELEMENTS } from '../elements/elements.service';
import { ERROR_BODY, ERROR_BODY_SCHEMA, errorResponse } from '../openapi/api-errors';
import { CREDENTIALS_DESCRIPTION, SECURITY, WEBEX_ATTRIBUTION, hubVersion } from '../openapi/api-info';
import { WEBEX_SCHEMAS, webexRequestSchema, webexSchemaName } from '../openapi/webex-schemas';
import { VERB_OF } from './hub-routes';
import { MAX_PAGE, MAX_PAGE_WALK_ITEMS } from './next-page-token';

const OBJECT = { type: 'object', additionalProperties: true };
/** What the README walkthrough sends, where a hub call makes that Webex call. */
const WALKTHROUGH_BODIES: Record<string, object> = { 'POST /rooms': { title: 'Launch' }, 'POST /messages': { text: 'Hello from the hub' } };
/** What a Webex schema's own examples leave out, in the walkthrough's words. */
const WALKTHROUGH_FIELDS: Record<string, object> = { Room: { title: 'Launch' }, Message: { text: 'Hello from the hub', personEmail: 'ada@example.com' } };
const SUMMARY: Record<HubOperation, string> = {
  list: 'List (cursor paged)',
  create: 'Create',
  get: 'Get',
  update: 'Replace (PUT)',
  patch: 'Update the given fields',
  delete: 'Delete',
};

const query = (name: string, description: string, schema: object = { type: 'string' }): ParameterObject => ({ name, in: 'query', required: false, description, schema });

const FIELDS = query('fields', 'field, ...: the fields of each item to return (dotted paths keep their nesting)');
/** On every hub answer, errors too, once the Element token's instance is known. */
const INSTANCE_HEADER = { 'elements-element-instance-id': { description: 'The id of the instance the Element token belongs to', schema: { type: 'string' }, example: '42' } };

function listParameters(resource: ResourceDefinition, where: string[]): ParameterObject[] {
  const fields = where.length ? `Webex filters: ${where.join(', ')}.` : 'Webex filters none of its fields: every condition is checked by the hub.';
  return [
    query('pageSize', 'Items per page (default and cap: the instance configuration pagination.max, 100)', { type: 'integer', minimum: 1 }),
    query('nextPage', 'The elements-next-page-token of the previous page'),
    query(
      'page',
      `Page number: the hub walks Webex's pages from the first, one Webex call per page, each spending one request of the organization's rate limit. At most ${MAX_PAGE}, and page × pageSize at most ${MAX_PAGE_WALK_ITEMS} (400 beyond); page further with nextPage`,
      { type: 'integer', minimum: 1, maximum: MAX_PAGE },
    ),
    query(
      'where',
      `CEQL: =, !=, <, >, <=, >=, LIKE, IN, IS [NOT] NULL, AND, OR, NOT and parentheses on any field of the items (docs/cloud-elements-ceql.md). Conditions Webex filters exactly go to Webex; the rest are checked by the hub on the pages Webex returns. ${fields}`,
    ),
    query('orderBy', 'field [asc|desc], ...: by Webex where it gives that order, else sorted by the hub (lists of up to 2000 items)'),
    FIELDS,
    ...where.map((name) => query(name, `Webex's ${name} filter of ${resource.path}`)),
  ];
}

type Schema = SchemaObject | ReferenceObject;
const schemaNamed = (ref: string): SchemaObject | undefined => WEBEX_SCHEMAS.schemas[ref.replace('#/components/schemas/', '')] as SchemaObject | undefined;

/** An example of a schema from the examples Webex gives its fields (nested objects one level deep). */
function exampleOf(schema: Schema | undefined, depth = 0): unknown {
  const resolved = schema && '$ref' in schema ? schemaNamed(schema.$ref) : schema;
  if (!resolved || depth > 2) return undefined;
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.enum?.length) return resolved.enum[0];
  if (resolved.type === 'array') {
    const item = exampleOf(resolved.items, depth + 1);
    return item === undefined ? undefined : [item];
  }
  if (!resolved.properties) return undefined;
  const fields = Object.entries(resolved.properties).map(([name, field]) => [name, exampleOf(field, depth + 1)]);
  const value = Object.fromEntries(fields.filter(([, v]) => v !== undefined));
  return Object.keys(value).length ? value : undefined;
}

/** Webex's request body for the call, without the fields the hub fills in from the path. */
function requestSchema(call: string, bound: string[], partial: boolean): SchemaObject | undefined {
  const schema = webexRequestSchema(call);
  if (!schema?.properties) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([name]) => !bound.includes(name)));
  const required = partial ? [] : (schema.required ?? []).filter((name) => !bound.includes(name));
  return { ...schema, properties, ...(required.length ? { required } : { required: undefined }) };
}

function requestExample(call: string, schema: SchemaObject, bound: string[]): object {
  const walkthrough = WALKTHROUGH_BODIES[call.replace(/\{\w+\}/g, '{}')];
  if (walkthrough) return walkthrough;
  const full = (exampleOf(schema) ?? {}) as Record<string, unknown>;
  const wanted = schema.required?.length ? schema.required : Object.keys(full);
  return Object.fromEntries(wanted.filter((name) => name in full && !bound.includes(name)).map((name) => [name, full[name]]));
}

/** The error answers of a hub operation: the hub's own, and Webex's with their status kept. */
function hubErrors(withBody: boolean): OperationObject['responses'] {
  return {
    '400': errorResponse(400, 'Bad input: an unsupported query parameter or where clause, a nextPage of another list, a body that is not a JSON object, or Webex refused the input'),
    '401': errorResponse(401),
    '403': errorResponse(403, 'The instance is disabled, or Webex refused the connected account', 'Instance 1 is disabled; enable it with PUT /instances/1/enabled'),
    '404': errorResponse(404, 'No instance for the Element token, no such hub resource, or Webex has no such object', 'Webex answered 404', 'WEBEX_ERROR'),
    ...(withBody && { '413': errorResponse(413), '415': errorResponse(415) }),
    '429': errorResponse(429, "The organization's rate limit, or Webex's (Retry-After passed on)"),
    '502': errorResponse(502),
    '504': errorResponse(504),
  };
}

function operationOf(element: ElementDefinition, resource: ResourceDefinition, name: HubOperation): OperationObject {
  const mapping = resource.webex[name]!;
  const bind = Object.entries(mapping.bind ?? {});
  const bound = bind.map(([field, param]) => `${field} from {${param}}`);
  const pathParams = resource.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? [];
  const parameters: ParameterObject[] = pathParams.map((param) => ({ name: param, in: 'path', required: true, schema: { type: 'string' }, example: 'Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0' }));
  if (name === 'list') parameters.push(...listParameters(resource, Object.keys(mapping.where ?? {})));
  if (name === 'get') parameters.push(FIELDS);
  const item: Schema = resource.schema ? { $ref: `#/components/schemas/${webexSchemaName(resource.schema)}` } : OBJECT;
  const itemExample = resource.schema ? { ...(exampleOf(item) as object), ...WALKTHROUGH_FIELDS[resource.schema] } : { id: 'Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQ' };
  const withBody = name === 'create' || name === 'update' || name === 'patch';
  const operation: OperationObject = {
    operationId: `${name}${resource.path.replace(/[{}]/g, '').replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase())}`,
    summary: `${SUMMARY[name]}: ${resource.description ?? resource.path}`,
    description:
      `Webex: ${mapping.call}${bound.length ? ` (${bound.join(', ')})` : ''}${mapping.merge ? ', after reading the object and merging the body into it' : ''}. ` +
      `Needs the Element token of a connected instance in Authorization.${resource.schema ? ` Fields: Webex's ${resource.schema} schema.` : ''}`,
    tags: [`${element.hub} (${element.key})`],
    security: [{ [SECURITY]: [] }],
    parameters,
    responses: {
      '200': {
        description: name === 'delete' ? 'Deleted (empty body)' : 'Success, Webex fields with nulls stripped unless filter.response.nulls is false',
        content: name === 'delete' ? undefined : { 'application/json': { schema: name === 'list' ? { type: 'array', items: item } : item, example: name === 'list' ? [itemExample] : itemExample } },
        headers: {
          ...INSTANCE_HEADER,
          ...((name === 'list' || name === 'get') && {
            'elements-cache': { description: 'hit (answered from the response cache) or miss; only when the instance has cachingEnabled (docs/cache.md)', schema: { type: 'string', enum: ['hit', 'miss'] } },
          }),
          ...(name === 'list' && {
            'elements-returned-count': { description: 'Items in this page', schema: { type: 'integer' }, example: 1 },
            'elements-next-page-token': { description: 'Pass as nextPage for the next page; absent on the last page', schema: { type: 'string' } },
          }),
        },
      },
      ...hubErrors(withBody),
      default: { description: 'Hub error body; other Webex errors keep their status', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY}` } } } },
    },
  };
  if (withBody) {
    const schema = requestSchema(mapping.call, bind.map(([field]) => field), name === 'patch') ?? OBJECT;
    operation.requestBody = {
      required: name !== 'create',
      description: name === 'patch' ? "Webex's field names; only the fields to change" : "Webex's field names",
      content: { 'application/json': { schema, example: name === 'patch' ? itemExampleFor(schema, itemExample) : requestExample(mapping.call, schema, bind.map(([field]) => field)) } },
    };
  }
  return operation;
}

/** A PATCH changes a field or two: the first the request schema names that the item example has. */
function itemExampleFor(schema: SchemaObject, item: object): object {
  const field = Object.keys(schema.properties ?? {}).find((name) => name in item && name !== 'id');
  return field ? { [field]: (item as Record<string, unknown>)[field] } : {};
}

/** OpenAPI paths of an element's hub resources, under `base` (`/elements/api-v2/hubs/{hub}`). */
export function hubPaths(element: ElementDefinition, base: string): Record<string, PathItemObject> {
  const paths: Record<string, PathItemObject> = {};
  for (const resource of element.resources) {
    const item: PathItemObject = {};
    for (const name of resource.operations) item[VERB_OF[name].toLowerCase() as 'get'] = operationOf(element, resource, name);
    paths[`${base}/${resource.path}`] = item;
  }
  return paths;
}

/** The components hub operations refer to: Webex's schemas and the hub's error body. */
export const hubSchemas = (): Record<string, SchemaObject> => ({ ...(WEBEX_SCHEMAS.schemas as Record<string, SchemaObject>), [ERROR_BODY]: ERROR_BODY_SCHEMA });

/**
 * Adds every element's hub resources to the hub's own document (`/docs`), and the one route that
 * serves them all (`/hubs/{hub}/*`), so the document names every route the hub answers.
 */
export function addHubPaths(document: OpenAPIObject, apiPrefix: string): OpenAPIObject {
  const catchAll = (verb: string): OperationObject => ({
    operationId: `${verb}AnyHubResource`,
    summary: 'Any hub resource listed in this document',
    description: 'The route that serves every hub resource above; the hub segment is accepted whatever it says. An unknown resource path answers 404.',
    tags: ['hubs'],
    security: [{ [SECURITY]: [] }],
    parameters: [{ name: 'hub', in: 'path', required: true, schema: { type: 'string' }, example: 'collaboration' }],
    ...(verb !== 'get' && verb !== 'delete' && { requestBody: { required: false, content: { 'application/json': { schema: OBJECT, example: WALKTHROUGH_BODIES['POST /rooms'] } } } }),
    responses: {
      '200': { description: 'See the resource', content: { 'application/json': { schema: OBJECT, example: { id: 'Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQ', title: 'Launch', type: 'group' } } } },
      ...hubErrors(verb !== 'get' && verb !== 'delete'),
    },
  });
  document.paths[`/${apiPrefix}/hubs/{hub}/*`] = Object.fromEntries(['get', 'post', 'put', 'patch', 'delete'].map((verb) => [verb, catchAll(verb)]));
  for (const element of ELEMENTS) {
    Object.assign(document.paths, hubPaths(element, `/${apiPrefix}/hubs/${element.hub}`));
  }
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...hubSchemas() } };
  return document;
}

/** The OpenAPI document of one instance: its element's hub resources on this hub's URL. */
export function instanceDocument(element: ElementDefinition, instance: { id: number; name: string }, serverUrl: string): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: `${instance.name} (${element.name})`, version: hubVersion(), description: `Hub resources of instance ${instance.id}: ${element.description}. ${WEBEX_ATTRIBUTION}` },
    servers: [{ url: `${serverUrl}/hubs/${element.hub}` }],
    components: {
      securitySchemes: { [SECURITY]: { type: 'apiKey', in: 'header', name: 'Authorization', description: CREDENTIALS_DESCRIPTION } },
      schemas: hubSchemas(),
    },
    paths: hubPaths(element, ''),
  };
}
