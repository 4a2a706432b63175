import { Body, Controller, HttpCode, Delete, Get, Param, Patch, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '../common/id.pipe';
import { applyDecorators } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { errorResponse } from '../openapi/api-errors';
import { AccessTokens } from '../tokens/access-tokens';
import { TokensErrorCode } from '../tokens/tokens.exception';
import { ApiInstancePage, InstanceListing, pageReply, tagsOf } from './instance-listing';
import { tokenRefreshView } from './instance-view';
import { ConfigurationEntryView, CreateInstanceDto, InstanceView, ListInstancesQueryDto, PatchConfigurationDto, PatchInstanceDto, ReplaceInstanceDto, TokenRefreshView } from './instances.dto';
import { InstancesService } from './instances.service';

/** What the manual refresh of an instance Webex no longer authorizes answers (401, as a hub call does). */
const NOT_AUTHORIZED = 'Instance 1 is no longer authorized by Webex (invalid_grant); re-authorize it with PUT /instances/1 and a new code';

/** The errors of a route that acts on the instance of the Element token. */
const ApiByElementToken = () =>
  applyDecorators(
    ApiBadRequestResponse({ description: 'No instance id given and no Element token in the Authorization header' }),
    ApiNotFoundResponse({ description: 'Instance not found' }),
  );

/**
 * `/instances`: the forms with `{id}` act on that instance; the forms without it (PUT, PATCH and
 * DELETE `/instances`, `/instances/configuration`, `/instances/enabled`) act on the instance named
 * by the Element token of the Authorization header, and so does `GET /instance` (GET `/instances`
 * being the list), as in Cloud Elements. Static segments win over `:id` in the router, whatever
 * the order of the routes.
 */
@ApiTags('instances')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller()
export class InstancesController {
  constructor(
    private readonly instances: InstancesService,
    private readonly listing: InstanceListing,
    private readonly tokens: AccessTokens,
  ) {}

  /**
   * Create an instance: connect a Webex account
   * @remarks Step 5 of the walkthrough: the code Webex put on the callback URL, and the integration's configuration. Or, with externalAuthentication "token", providerData.accessToken: a bot token or a personal access token, checked with Webex before anything is stored and never refreshed (docs/cloud-elements.md). The answer carries the instance token in full, this once.
   */
  @HttpCode(200)
  @Post('instances')
  create(@Creds() caller: Credentials, @Body() dto: CreateInstanceDto): Promise<InstanceView> {
    return this.instances.create(caller, dto);
  }

  /**
   * List the caller's instances
   * @remarks Admins see every instance of the organization, users their own, oldest first; tags[] keeps those with all the tags given, searchText those whose name or a tag contains it. With pageSize, one page at a time: elements-next-page-token is the nextPage of the next one.
   */
  @Get('instances')
  @ApiInstancePage()
  async list(
    @Creds() caller: Credentials,
    @Query() query: ListInstancesQueryDto,
    @Query('tags[]') tags: string | string[] | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InstanceView[]> {
    return pageReply(reply, await this.listing.page(caller, { ...query, tags: tagsOf(tags) }));
  }

  /**
   * Get the instance of the Element token
   * @remarks Step 6 of the walkthrough: the instance named by the Element part of the Authorization header.
   */
  @Get('instance')
  @ApiByElementToken()
  getByToken(@Creds() caller: Credentials): Promise<InstanceView> {
    return this.instances.get(caller);
  }

  /**
   * Replace the instance of the Element token
   * @remarks Name, tags and configuration are replaced; a new providerData.code re-authorizes the instance.
   */
  @Put('instances')
  @ApiByElementToken()
  replaceByToken(@Creds() caller: Credentials, @Body() dto: ReplaceInstanceDto): Promise<InstanceView> {
    return this.instances.replace(caller, undefined, dto);
  }

  /**
   * Update the instance of the Element token
   * @remarks Only the name, tags or configuration keys given change.
   */
  @Patch('instances')
  @ApiByElementToken()
  patchByToken(@Creds() caller: Credentials, @Body() dto: PatchInstanceDto): Promise<InstanceView> {
    return this.instances.patch(caller, undefined, dto);
  }

  /**
   * Delete the instance of the Element token
   * @remarks Its tokens are forgotten and its Webex webhooks removed.
   */
  @Delete('instances')
  @ApiByElementToken()
  async removeByToken(@Creds() caller: Credentials): Promise<void> {
    await this.instances.remove(caller);
  }

  /**
   * Enable the instance of the Element token
   * @remarks As PUT /instances/{id}/enabled, for the instance the Element token names.
   */
  @Put('instances/enabled')
  @ApiByElementToken()
  enableByToken(@Creds() caller: Credentials): Promise<InstanceView> {
    return this.instances.setEnabled(caller, undefined, true);
  }

  /**
   * Disable the instance of the Element token
   * @remarks As DELETE /instances/{id}/enabled, for the instance the Element token names.
   */
  @Delete('instances/enabled')
  @ApiByElementToken()
  disableByToken(@Creds() caller: Credentials): Promise<InstanceView> {
    return this.instances.setEnabled(caller, undefined, false);
  }

  /**
   * List the configuration of the Element token's instance
   * @remarks As GET /instances/{id}/configuration, for the instance the Element token names.
   */
  @Get('instances/configuration')
  @ApiByElementToken()
  configurationByToken(@Creds() caller: Credentials): Promise<ConfigurationEntryView[]> {
    return this.instances.configuration(caller);
  }

  /**
   * Get one configuration entry of the Element token's instance
   * @remarks As GET /instances/{id}/configuration/{configId}, for the instance the Element token names.
   */
  @Get('instances/configuration/:configId')
  @ApiByElementToken()
  configurationEntryByToken(@Creds() caller: Credentials, @Param('configId') key: string): Promise<ConfigurationEntryView> {
    return this.instances.configurationEntry(caller, undefined, key);
  }

  /**
   * Set one configuration entry of the Element token's instance
   * @remarks As PATCH /instances/{id}/configuration/{configId}, for the instance the Element token names.
   */
  @Patch('instances/configuration/:configId')
  @ApiByElementToken()
  patchConfigurationEntryByToken(@Creds() caller: Credentials, @Param('configId') key: string, @Body() dto: PatchConfigurationDto): Promise<ConfigurationEntryView> {
    return this.instances.patchConfigurationEntry(caller, undefined, key, dto.propertyValue);
  }

  /**
   * Get an instance
   * @remarks With its refresh history (lastRefreshDate, nextRefreshDate, lastRefreshError); the token is shown as ********.
   */
  @Get('instances/:id')
  get(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.get(caller, id);
  }

  /**
   * Replace an instance
   * @remarks Name, tags and configuration are replaced; a new providerData.code re-authorizes an instance Webex no longer accepts.
   */
  @Put('instances/:id')
  replace(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Body() dto: ReplaceInstanceDto): Promise<InstanceView> {
    return this.instances.replace(caller, id, dto);
  }

  /**
   * Update an instance
   * @remarks Only the name, tags, cache settings or configuration keys given change.
   */
  @Patch('instances/:id')
  patch(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Body() dto: PatchInstanceDto): Promise<InstanceView> {
    return this.instances.patch(caller, id, dto);
  }

  /**
   * Delete an instance
   * @remarks Its tokens are forgotten and its Webex webhooks removed.
   */
  @Delete('instances/:id')
  async remove(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.instances.remove(caller, id);
  }

  /**
   * Enable an instance
   * @remarks Hub calls with its token work again.
   */
  @Put('instances/:id/enabled')
  enable(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.setEnabled(caller, id, true);
  }

  /**
   * Disable an instance
   * @remarks Hub calls with its token answer 403 until it is enabled; its tokens are kept fresh.
   */
  @Delete('instances/:id/enabled')
  disable(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.setEnabled(caller, id, false);
  }

  /**
   * Rotate the instance token
   * @remarks Makes a new instance token, returned in full this once; the old one stops working.
   */
  @HttpCode(200)
  @Post('instances/:id/token')
  rotateToken(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.rotateToken(caller, id);
  }

  /**
   * Refresh an instance's Webex tokens now
   * @remarks Refreshes the tokens (or takes those another replica just swapped in) and answers the instance with lastRefreshDate, nextRefreshDate and lastRefreshError.
   */
  @HttpCode(200)
  @Post('instances/:id/tokens/refresh')
  @ApiResponse({ status: 401, ...errorResponse(401, 'Missing or wrong credentials, or Webex no longer authorizes the instance (INSTANCE_NOT_AUTHORIZED, as a hub call answers)', NOT_AUTHORIZED, TokensErrorCode.INSTANCE_NOT_AUTHORIZED) })
  @ApiConflictResponse({ description: 'The instance was created from an access token, which Webex does not refresh (TOKEN_NOT_REFRESHABLE)' })
  @ApiBadGatewayResponse({ description: 'Refreshing the tokens failed (Webex answered 500); the hub retries on its own' })
  refreshTokens(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.refreshTokens(caller, id);
  }

  /**
   * List an instance's token refreshes
   * @remarks The last 50 refresh attempts, newest first: when each ended, how (REFRESHED, FAILED_RETRYING, INVALIDATED), who asked for it, and Webex's error code if it failed.
   */
  @Get('instances/:id/tokens/refreshes')
  async tokenRefreshes(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<TokenRefreshView[]> {
    const instance = await this.instances.find(caller, id);
    return (await this.tokens.refreshHistory(instance.id)).map(tokenRefreshView);
  }

  /**
   * List an instance's configuration
   * @remarks Each key with the element's description, type, required and hideFromConsole; secret values and the client id are shown as ********.
   */
  @Get('instances/:id/configuration')
  configuration(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<ConfigurationEntryView[]> {
    return this.instances.configuration(caller, id);
  }

  /**
   * Get one configuration entry
   * @remarks By key (pagination.max); a secret value is shown as ********.
   */
  @Get('instances/:id/configuration/:configId')
  configurationEntry(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Param('configId') key: string): Promise<ConfigurationEntryView> {
    return this.instances.configurationEntry(caller, id, key);
  }

  /**
   * Set one configuration entry
   * @remarks By key; null removes it. Keys the hub manages (the refresh token) cannot be set.
   */
  @Patch('instances/:id/configuration/:configId')
  patchConfigurationEntry(
    @Creds() caller: Credentials,
    @Param('id', ParseIdPipe) id: number,
    @Param('configId') key: string,
    @Body() dto: PatchConfigurationDto,
  ): Promise<ConfigurationEntryView> {
    return this.instances.patchConfigurationEntry(caller, id, key, dto.propertyValue);
  }
}
