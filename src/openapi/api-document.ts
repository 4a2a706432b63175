import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { describeErrors } from './api-errors';
import { describeExamples } from './api-examples';
import { CREDENTIALS_DESCRIPTION, SECURITY, WEBEX_ATTRIBUTION, hubVersion } from './api-info';

/** A provider that adds paths Nest cannot see to the document (the hub call route, served by Fastify). */
export interface ApiPathsContributor {
  addApiPaths(document: OpenAPIObject): void;
}

const contributesPaths = (instance: unknown): instance is ApiPathsContributor => typeof (instance as Partial<ApiPathsContributor> | null)?.addApiPaths === 'function';

/**
 * The hub's OpenAPI document (`/docs`): Nest's routes, the paths features add (the hub resources
 * of every element), and on every operation its error answers and examples.
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Element Hub')
    .setDescription(`A Cloud-Elements-style connector hub for the Webex messaging API. Authorize with the hub credentials first. ${WEBEX_ATTRIBUTION}`)
    .setVersion(hubVersion())
    .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization', description: CREDENTIALS_DESCRIPTION }, SECURITY)
    .build();
  // Operation ids name the controller and method, which is how describeErrors finds each route.
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller}_${method}` });
  for (const module of app.get(ModulesContainer).values()) {
    for (const { instance } of module.providers.values()) if (contributesPaths(instance)) instance.addApiPaths(document);
  }
  describeErrors(document, app);
  describeExamples(document);
  return document;
}
