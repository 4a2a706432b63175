import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { FastifyRequest } from 'fastify';
import { CredentialsGuard } from '../auth/auth.guard';
import { PublicUrl } from '../config/public-url';
import { elementDocument } from './element-document';
import { configurationView, elementView, metadataView } from './element-views';
import { ConfigurationKeyView, ElementMetadataView, ElementView, MetadataQueryDto, OAuthUrlRequestDto, OAuthUrlView } from './elements.dto';
import { ElementsService } from './elements.service';

@ApiTags('elements')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller('elements')
export class ElementsController {
  constructor(
    private readonly elements: ElementsService,
    private readonly publicUrl: PublicUrl,
  ) {}

  /**
   * List the elements
   * @remarks The providers the hub connects to (Cisco Webex, key ciscospark), in Cloud Elements' element shape, with their configuration keys and hub resources.
   */
  @Get()
  list(): ElementView[] {
    return this.elements.list().map(elementView);
  }

  /**
   * List the element keys
   * @remarks The key of every element, as Cloud Elements' GET /elements/keys answers.
   */
  @Get('keys')
  @ApiOkResponse({ type: [String], example: ['ciscospark'] })
  keys(): string[] {
    return this.elements.list().map((element) => element.key);
  }

  /**
   * List every element's metadata
   * @remarks What each element supports (events, bulk, paging, authentication), as GET /elements/{keyOrId}/metadata answers for one.
   */
  @Get('metadata')
  allMetadata(@Query() query: MetadataQueryDto): ElementMetadataView[] {
    return this.elements.list().map((element) => metadataView(element, query.expand === 'true'));
  }

  /**
   * Get an element
   * @remarks By key (ciscospark) or numeric id, in Cloud Elements' element shape.
   */
  @Get(':keyOrId')
  get(@Param('keyOrId') keyOrId: string): ElementView {
    return elementView(this.elements.get(keyOrId));
  }

  /**
   * Get an element's metadata
   * @remarks What the element supports: events (Webex webhooks), bulk and transformations (not offered), paging, authentication. With expand=true, each hub resource with its operations and events.
   */
  @Get(':keyOrId/metadata')
  metadata(@Param('keyOrId') keyOrId: string, @Query() query: MetadataQueryDto): ElementMetadataView {
    return metadataView(this.elements.get(keyOrId), query.expand === 'true');
  }

  /**
   * List the configuration keys an instance accepts
   * @remarks Each key with its description, type, whether it is required, its default, and whether the hub fills it in itself (hideFromConsole).
   */
  @Get(':keyOrId/configuration')
  configuration(@Param('keyOrId') keyOrId: string): ConfigurationKeyView[] {
    return configurationView(this.elements.get(keyOrId));
  }

  /**
   * The element's OpenAPI document
   * @remarks Every hub resource of the element, with Webex's schemas, on this hub's public URL; the same paths as an instance's GET /instances/{id}/docs, without an instance.
   */
  @Get(':keyOrId/docs')
  @ApiOkResponse({ description: 'OpenAPI 3 document', schema: { type: 'object' }, example: { openapi: '3.0.0', info: { title: 'Cisco Webex', version: '0.1.0' }, servers: [{ url: 'http://localhost:3000/elements/api-v2/hubs/collaboration' }], paths: {} } })
  docs(@Param('keyOrId') keyOrId: string, @Req() request: FastifyRequest): OpenAPIObject {
    const element = this.elements.get(keyOrId);
    // The API base (with its global prefix) is where this very route lives.
    const base = request.url.slice(0, request.url.indexOf('/elements/', 1));
    return elementDocument(element, `${this.publicUrl.value}${base}`);
  }

  /**
   * Get the OAuth URL to send a user to
   * @remarks Step 3 of the walkthrough: apiKey and callbackUrl are required; the user's browser goes to oauthUrl and Webex comes back to callbackUrl with a code.
   */
  @Get(':keyOrId/oauth/url')
  oauthUrl(@Param('keyOrId') keyOrId: string, @Query() query: OAuthUrlRequestDto): OAuthUrlView {
    return this.elements.oauthUrl(keyOrId, query);
  }

  /**
   * Get the OAuth URL, the fields in a body
   * @remarks The same as the GET, for callers that would rather not put apiSecret in a URL.
   */
  @Post(':keyOrId/oauth/url')
  @HttpCode(200)
  oauthUrlFromBody(@Param('keyOrId') keyOrId: string, @Body() body: OAuthUrlRequestDto): OAuthUrlView {
    return this.elements.oauthUrl(keyOrId, body ?? {});
  }
}
