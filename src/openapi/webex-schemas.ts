import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import generated from './webex-schemas.json';

/**
 * The Webex schemas the hub documents, extracted at build time from the vendored Webex OpenAPI
 * documents into webex-schemas.json (committed; a spec checks it is current). The hub never reads
 * the 2.5 MB originals, which are not in the image.
 */
export interface WebexSchemas {
  source: string;
  /** Component schemas, already named for the hub's document (`WebexRoom`, refs included). */
  schemas: Record<string, object>;
  /** Request body schemas by call (`POST /rooms`, `PUT /rooms/{}`). */
  requests: Record<string, object>;
}

export const WEBEX_SCHEMAS = generated as WebexSchemas;

/** `GET /rooms/{roomId}` and `GET /rooms/{id}` are one call. */
export const callKey = (method: string, path: string): string => `${method.toUpperCase()} ${path.replace(/\{\w+\}/g, '{}')}`;

/** The hub component name of a Webex schema (`Room` -> `WebexRoom`). */
export const webexSchemaName = (name: string): string => `Webex${name}`;

/** The request body Webex documents for a call (`PUT /rooms/{id}`), if any. */
export function webexRequestSchema(call: string): SchemaObject | undefined {
  const [method, path] = call.split(' ');
  return WEBEX_SCHEMAS.requests[callKey(method, path)] as SchemaObject | undefined;
}
