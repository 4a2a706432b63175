import type { OpenAPIObject, OperationObject, ParameterObject, PathItemObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ElementDefinition, HubOperation, ResourceDefinition } from '../elements/element.types';
import { ELEMENTS } from '../elements/elements.service';
import { VERB_OF } from './hub-routes';

const SECURITY = 'hub';
const ERROR_BODY = {
  type: 'object',
  required: ['requestId', 'message'],
  properties: {
    requestId: { type: 'string' },
    message: { type: 'string' },
    providerMessage: { type: 'string', description: "Webex's message, when the error came from Webex" },
    trackingId: { type: 'string', description: "Webex's trackingId" },
  },
};
const OBJECT = { type: 'object', additionalProperties: true };
const SUMMARY: Record<HubOperation, string> = {
  list: 'List (cursor paged)',
  create: 'Create',
  get: 'Get',
  update: 'Replace (PUT)',
  patch: 'Update the given fields',
  delete: 'Delete',
};

const query = (name: string, description: string, schema: object = { type: 'string' }): ParameterObject => ({ name, in: 'query', required: false, description, schema });

function listParameters(resource: ResourceDefinition, where: string[]): ParameterObject[] {
  const fields = where.length ? `Searchable fields: ${where.join(', ')}.` : 'This resource has no searchable fields.';
  return [
    query('pageSize', 'Items per page (default and cap: the instance configuration pagination.max, 100)', { type: 'integer', minimum: 1 }),
    query('nextPage', 'The elements-next-page-token of the previous page'),
    query('page', 'Page number (walks the pages from the first)', { type: 'integer', minimum: 1 }),
    query('where', `CEQL subset: field = 'value' joined by AND. ${fields}`),
    ...where.map((name) => query(name, `Webex's ${name} filter of ${resource.path}`)),
  ];
}

function operationOf(element: ElementDefinition, resource: ResourceDefinition, name: HubOperation): OperationObject {
  const mapping = resource.webex[name]!;
  const bound = Object.entries(mapping.bind ?? {}).map(([field, param]) => `${field} from {${param}}`);
  const pathParams = resource.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? [];
  const parameters: ParameterObject[] = pathParams.map((param) => ({ name: param, in: 'path', required: true, schema: { type: 'string' } }));
  if (name === 'list') parameters.push(...listParameters(resource, mapping.where ?? []));
  const ok = name === 'list' ? { type: 'array', items: OBJECT } : OBJECT;
  const operation: OperationObject = {
    operationId: `${name}${resource.path.replace(/[{}]/g, '').replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase())}`,
    summary: `${SUMMARY[name]}: ${resource.description ?? resource.path}`,
    description: `Webex: ${mapping.call}${bound.length ? ` (${bound.join(', ')})` : ''}${mapping.merge ? ', after reading the object and merging the body into it' : ''}.`,
    tags: [`${element.hub} (${element.key})`],
    security: [{ [SECURITY]: [] }],
    parameters,
    responses: {
      '200': {
        description: name === 'delete' ? 'Deleted (empty body)' : 'Success, Webex fields with nulls stripped unless filter.response.nulls is false',
        content: name === 'delete' ? undefined : { 'application/json': { schema: ok } },
        headers:
          name === 'list'
            ? {
                'elements-returned-count': { description: 'Items in this page', schema: { type: 'integer' } },
                'elements-next-page-token': { description: 'Pass as nextPage for the next page; absent on the last page', schema: { type: 'string' } },
              }
            : undefined,
      },
      default: { description: 'Hub error body; Webex errors keep their status', content: { 'application/json': { schema: ERROR_BODY } } },
    },
  };
  if (name === 'create' || name === 'update' || name === 'patch') {
    operation.requestBody = { required: name !== 'create', content: { 'application/json': { schema: OBJECT } }, description: "Webex's field names" };
  }
  return operation;
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

/**
 * Adds every element's hub resources to the hub's own document (`/docs`), and the one route that
 * serves them all (`/hubs/{hub}/*`), so the document names every route the hub answers.
 */
export function addHubPaths(document: OpenAPIObject, apiPrefix: string): OpenAPIObject {
  const catchAll: OperationObject = {
    summary: 'Any hub resource listed in this document (the hub segment is accepted whatever it says)',
    tags: ['hubs'],
    security: [{ [SECURITY]: [] }],
    parameters: [{ name: 'hub', in: 'path', required: true, schema: { type: 'string' } }],
    responses: { '200': { description: 'See the resource' }, default: { description: 'Hub error body', content: { 'application/json': { schema: ERROR_BODY } } } },
  };
  document.paths[`/${apiPrefix}/hubs/{hub}/*`] = Object.fromEntries(['get', 'post', 'put', 'patch', 'delete'].map((verb) => [verb, { ...catchAll, operationId: `${verb}AnyHubResource` }]));
  for (const element of ELEMENTS) {
    Object.assign(document.paths, hubPaths(element, `/${apiPrefix}/hubs/${element.hub}`));
  }
  return document;
}

/** The OpenAPI document of one instance: its element's hub resources on this hub's URL. */
export function instanceDocument(element: ElementDefinition, instance: { id: number; name: string }, serverUrl: string): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: `${instance.name} (${element.name})`, version: '1', description: `Hub resources of instance ${instance.id}: ${element.description}` },
    servers: [{ url: `${serverUrl}/hubs/${element.hub}` }],
    components: {
      securitySchemes: {
        [SECURITY]: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'User <secret>, Organization <secret>, Element <instance token>' },
      },
    },
    paths: hubPaths(element, ''),
  };
}
