import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { OpenAPIObject, PathItemObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { FastifyRequest } from 'fastify';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { notFound } from '../common/common.exception';
import { PublicUrl } from '../config/public-url';
import { ElementsService } from '../elements/elements.service';
import { InstancesService } from '../instances/instances.service';
import { instanceDocument } from './hub-openapi';

const DOCUMENT = { description: 'OpenAPI 3 document', schema: { type: 'object' } };
const EXAMPLE = { openapi: '3.0.0', info: { title: "Ada's Webex (Cisco Webex)", version: '0.1.0' }, servers: [{ url: 'http://localhost:3000/elements/api-v2/hubs/collaboration' }] };
const OPERATION_EXAMPLE = { ...EXAMPLE, paths: { '/channels': { get: { operationId: 'listChannels', summary: 'List (cursor paged): Channels (Webex rooms)' } } } };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The OpenAPI document of an instance's hub resources, by id or by Element token, whole or cut
 * to one operation (Cloud Elements' `/instances/docs/{operationId}`).
 */
@ApiTags('instances')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller('instances')
export class HubDocsController {
  constructor(
    private readonly instances: InstancesService,
    private readonly elements: ElementsService,
    private readonly publicUrl: PublicUrl,
  ) {}

  /**
   * The OpenAPI document of the Element token's instance
   * @remarks As GET /instances/{id}/docs, for the instance the Element token names.
   */
  @Get('docs')
  @ApiOkResponse({ ...DOCUMENT, example: { ...EXAMPLE, paths: {} } })
  byToken(@Creds() caller: Credentials, @Req() request: FastifyRequest): Promise<OpenAPIObject> {
    return this.document(caller, undefined, request);
  }

  /**
   * One operation of the Element token's instance document
   * @remarks The document of GET /instances/docs with the one path and method whose operationId is given (listChannels, createMessages, ...).
   */
  @Get('docs/:operationId')
  @ApiOkResponse({ ...DOCUMENT, example: OPERATION_EXAMPLE })
  @ApiNotFoundResponse({ description: 'No instance for the Element token, or no operation of that id' })
  async operationByToken(@Creds() caller: Credentials, @Param('operationId') operationId: string, @Req() request: FastifyRequest): Promise<OpenAPIObject> {
    return operationDocument(await this.document(caller, undefined, request), operationId);
  }

  /**
   * The OpenAPI document of an instance's hub resources
   * @remarks Generated from its element definition, with Webex's schemas, on this hub's public URL: load it in any OpenAPI tool.
   */
  @Get(':id/docs')
  @ApiOkResponse({ ...DOCUMENT, example: { ...EXAMPLE, paths: {} } })
  docs(@Creds() caller: Credentials, @Param('id') id: string, @Req() request: FastifyRequest): Promise<OpenAPIObject> {
    return this.document(caller, instanceId(id), request);
  }

  /**
   * One operation of an instance's document
   * @remarks The document of GET /instances/{id}/docs with the one path and method whose operationId is given (listChannels, createMessages, ...).
   */
  @Get(':id/docs/:operationId')
  @ApiOkResponse({ ...DOCUMENT, example: OPERATION_EXAMPLE })
  @ApiNotFoundResponse({ description: 'No such instance, or no operation of that id' })
  async operation(@Creds() caller: Credentials, @Param('id') id: string, @Param('operationId') operationId: string, @Req() request: FastifyRequest): Promise<OpenAPIObject> {
    return operationDocument(await this.document(caller, instanceId(id), request), operationId);
  }

  private async document(caller: Credentials, id: number | undefined, request: FastifyRequest): Promise<OpenAPIObject> {
    const instance = await this.instances.find(caller, id);
    const element = this.elements.get(instance.elementKey);
    // The API base (with its global prefix) is where this very route lives.
    const base = request.url.slice(0, request.url.indexOf('/instances/'));
    return instanceDocument(element, instance, `${this.publicUrl.value}${base}`);
  }
}

/** An id in the path: anything but a number names no instance (404, as an unknown id). */
function instanceId(id: string): number {
  if (!/^\d{1,9}$/.test(id)) throw notFound('Instance', id.slice(0, 40));
  return Number(id);
}

/** The document with only the path and method of one operation (404 when none has that id). */
function operationDocument(document: OpenAPIObject, operationId: string): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    const method = METHODS.find((verb) => item[verb]?.operationId === operationId);
    if (method) return { ...document, paths: { [path]: { ...(item.parameters && { parameters: item.parameters }), [method]: item[method] } as PathItemObject } };
  }
  throw notFound('Operation', operationId.slice(0, 80));
}
