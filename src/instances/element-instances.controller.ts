import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiNotFoundResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { ParseIdPipe } from '../common/id.pipe';
import { ElementsService } from '../elements/elements.service';
import { ApiInstancePage, InstanceListing, pageReply, tagsOf } from './instance-listing';
import { CreateInstanceDto, InstanceView, ListInstancesQueryDto, ReplaceInstanceDto } from './instances.dto';
import { InstancesService } from './instances.service';

/**
 * Cloud Elements' element-scoped instance routes: the `/instances` routes, kept to the instances
 * of one element. An unknown element is a 404, and so is an instance of another element.
 */
@ApiTags('instances')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@ApiNotFoundResponse({ description: 'No such element, or no such instance of it' })
@Controller('elements/:keyOrId/instances')
export class ElementInstancesController {
  constructor(
    private readonly instances: InstancesService,
    private readonly listing: InstanceListing,
    private readonly elements: ElementsService,
  ) {}

  /**
   * List the caller's instances of an element
   * @remarks As GET /instances (tags[], searchText, pageSize and nextPage), for the instances of the element named by key or id.
   */
  @Get()
  @ApiInstancePage()
  async list(
    @Creds() caller: Credentials,
    @Param('keyOrId') keyOrId: string,
    @Query() query: ListInstancesQueryDto,
    @Query('tags[]') tags: string | string[] | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InstanceView[]> {
    const { key } = this.elements.get(keyOrId);
    return pageReply(reply, await this.listing.page(caller, { ...query, tags: tagsOf(tags), elementKey: key }));
  }

  /**
   * Create an instance of an element
   * @remarks As POST /instances; the body need not name the element, and may not name another.
   */
  @HttpCode(200)
  @Post()
  create(@Creds() caller: Credentials, @Param('keyOrId') keyOrId: string, @Body() dto: CreateInstanceDto): Promise<InstanceView> {
    return this.instances.create(caller, dto, this.elements.get(keyOrId));
  }

  /**
   * Get an instance of an element
   * @remarks As GET /instances/{id}.
   */
  @Get(':id')
  get(@Creds() caller: Credentials, @Param('keyOrId') keyOrId: string, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.get(caller, id, this.elements.get(keyOrId).key);
  }

  /**
   * Replace an instance of an element
   * @remarks As PUT /instances/{id}.
   */
  @Put(':id')
  replace(@Creds() caller: Credentials, @Param('keyOrId') keyOrId: string, @Param('id', ParseIdPipe) id: number, @Body() dto: ReplaceInstanceDto): Promise<InstanceView> {
    return this.instances.replace(caller, id, dto, this.elements.get(keyOrId).key);
  }

  /**
   * Delete an instance of an element
   * @remarks As DELETE /instances/{id}: its tokens are forgotten and its Webex webhooks removed.
   */
  @Delete(':id')
  async remove(@Creds() caller: Credentials, @Param('keyOrId') keyOrId: string, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.instances.remove(caller, id, this.elements.get(keyOrId).key);
  }
}
