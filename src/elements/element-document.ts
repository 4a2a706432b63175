import type { OpenAPIObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { instanceDocument } from '../hubs/hub-openapi';
import { WEBEX_ATTRIBUTION, hubVersion } from '../openapi/api-info';
import type { ElementDefinition } from './element.types';

/**
 * The OpenAPI document of an element's hub resources (`GET /elements/{keyOrId}/docs`): the
 * document an instance gets (`GET /instances/{id}/docs`), named for the element instead.
 */
export function elementDocument(element: ElementDefinition, serverUrl: string): OpenAPIObject {
  const document = instanceDocument(element, { id: 0, name: element.name }, serverUrl);
  const description = `Hub resources of the ${element.name} element (${element.key}): ${element.description}. Call them with an instance's Element token. ${WEBEX_ATTRIBUTION}`;
  return { ...document, info: { title: element.name, version: hubVersion(), description } };
}
