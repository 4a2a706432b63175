import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { FastifyRequest } from 'fastify';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { notFound } from '../common/common.exception';
import { PublicUrl } from '../config/public-url';
import { ElementsService } from '../elements/elements.service';
import { InstancesService } from '../instances/instances.service';
import { instanceDocument } from './hub-openapi';

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
   * The OpenAPI document of an instance's hub resources
   * @remarks Generated from its element definition, with Webex's schemas, on this hub's public URL: load it in any OpenAPI tool.
   */
  @Get(':id/docs')
  @ApiOkResponse({ description: 'OpenAPI 3 document', schema: { type: 'object' }, example: { openapi: '3.0.0', info: { title: "Ada's Webex (Cisco Webex)", version: '0.1.0' }, servers: [{ url: 'http://localhost:3000/elements/api-v2/hubs/collaboration' }], paths: {} } })
  async docs(@Creds() caller: Credentials, @Param('id') id: string, @Req() request: FastifyRequest): Promise<OpenAPIObject> {
    if (!/^\d{1,9}$/.test(id)) throw notFound('Instance', id.slice(0, 40));
    const instance = await this.instances.find(caller, Number(id));
    const element = this.elements.get(instance.elementKey);
    // The API base (with its global prefix) is where this very route lives.
    const base = request.url.slice(0, request.url.indexOf('/instances/'));
    return instanceDocument(element, instance, `${this.publicUrl.value}${base}`);
  }
}
