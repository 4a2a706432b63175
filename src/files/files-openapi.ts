import type { OpenAPIObject, OperationObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { errorResponse } from '../openapi/api-errors';
import { SECURITY } from '../openapi/api-info';
import { FILE_FIELD } from './message-form';
import type { FileRoute, FilesRoutes, MessageRoute } from './message-routes';

const CONTENT_ID_EXAMPLE = 'Y2lzY29zcGFyazovL3VzL0NPTlRFTlQvNTQ0NmRkNjAtYzA1Yi0xMWVlLTg2ZTEtNDk0NDdhNGE1YjYz';
const STRING = { type: 'string' } as const;

/** Webex's message form fields (its API reference), less those the hub fills in from the path. */
function formSchema(route: MessageRoute): SchemaObject {
  const fields: Record<string, SchemaObject> = {
    roomId: STRING,
    toPersonId: STRING,
    toPersonEmail: STRING,
    parentId: STRING,
    text: { type: 'string', description: "Webex's limit: 7,439 bytes" },
    markdown: STRING,
    [FILE_FIELD]: { type: 'string', format: 'binary', description: 'The one file (HUB_FILES_PER_MESSAGE), at most HUB_FILE_MAX_BYTES (100 MB by default, as Webex)' },
  };
  for (const field of Object.keys(route.bind)) delete fields[field];
  return { type: 'object', properties: fields };
}

const FILE_PASSED_ON =
  ' Or `multipart/form-data` with one file in `files` and the other fields by Webex\'s names: the file is streamed to Webex as it arrives, never held whole. ' +
  'The answer adds `hubFiles`, the hub path of each file (GET it with the same credentials).';

/** A message form's body, beside the JSON one hubs/ documents. */
function addForm(document: OpenAPIObject, route: MessageRoute): void {
  const operation = document.paths[route.path]?.post;
  if (!operation) return;
  operation.description = `${operation.description ?? ''}${FILE_PASSED_ON}`;
  const body = (operation.requestBody ??= { content: {} }) as { content: Record<string, unknown> };
  body.content['multipart/form-data'] = { schema: formSchema(route), example: { text: 'The quarterly report', [FILE_FIELD]: '(the bytes of report.pdf)' } };
  operation.responses['413'] = errorResponse(413, 'A file larger than HUB_FILE_MAX_BYTES, more files than HUB_FILES_PER_MESSAGE, or a JSON body larger than HUB_BODY_LIMIT_BYTES', 'A file may be at most 104857600 bytes (HUB_FILE_MAX_BYTES)', 'FILE_TOO_LARGE');
}

function fileOperation(route: FileRoute, verb: 'get' | 'head'): OperationObject {
  return {
    operationId: `${verb}File${route.hub.charAt(0).toUpperCase()}${route.hub.slice(1)}`,
    summary: verb === 'get' ? "A message's file" : "A message's file: its headers only",
    description:
      "Webex: GET /contents/{id}, streamed through. contentId is the last segment of a Webex `files` URL, or take the message's `hubFiles` path. " +
      'Always a download (Content-Disposition: attachment). Needs the Element token of an instance that can see the message.',
    tags: ['files'],
    security: [{ [SECURITY]: [] }],
    parameters: [{ name: 'contentId', in: 'path', required: true, schema: STRING, example: CONTENT_ID_EXAMPLE }],
    responses: {
      '200': {
        description: verb === 'get' ? "The file's bytes, with Webex's headers" : "The file's headers, without its bytes",
        headers: {
          'content-type': { description: "The file's type", schema: STRING },
          'content-length': { description: "The file's size in bytes", schema: { type: 'integer' } },
          'content-disposition': { description: "attachment, with the file's name", schema: STRING },
        },
      },
      '400': errorResponse(400, 'A contentId that names no Webex object', 'Invalid id "..": an id cannot be empty, "." or ".."', 'INVALID_WEBEX_ID'),
      '401': errorResponse(401),
      '403': errorResponse(403, 'The instance is disabled, or Webex refused the connected account', 'Instance 1 is disabled; enable it with PUT /instances/1/enabled'),
      '404': errorResponse(404, 'No instance for the Element token, or no file the connected account may see', 'Webex answered 404', 'WEBEX_ERROR'),
      '423': errorResponse(423, 'Webex is still scanning the file; Retry-After says when to ask again', 'Webex answered 423', 'WEBEX_ERROR'),
      '429': errorResponse(429, "The organization's rate limit, or Webex's (Retry-After passed on)"),
      '502': errorResponse(502),
      '504': errorResponse(504),
    },
  };
}

/** The files paths of every hub, and the form body of every path that creates a message. */
export function addFilesPaths(document: OpenAPIObject, routes: FilesRoutes): void {
  for (const route of routes.messages) addForm(document, route);
  for (const route of routes.files) document.paths[route.path] = { get: fileOperation(route, 'get'), head: fileOperation(route, 'head') };
}
