import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CredentialsGuard } from '../auth/auth.guard';
import { elementView, hubView } from './element-views';
import { ElementView, HubQueryDto, HubView } from './elements.dto';
import { ElementsService } from './elements.service';

/**
 * The hub catalogue (`/hubs`, `/hubs/keys`, `/hubs/{key}`, `/hubs/{key}/elements`). Fastify
 * routes these GETs before the hub-call route `/hubs/{hub}/*`: a static segment (`keys`,
 * `elements`) wins over its wildcard, and `/hubs/{key}` alone has no wildcard part.
 */
@ApiTags('hubs')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller('hubs')
export class HubsCatalogController {
  constructor(private readonly elements: ElementsService) {}

  /**
   * List the hubs
   * @remarks The hubs whose normalized API the hub serves (collaboration), in Cloud Elements' shape; with hydrate=true, each with the resources its elements offer.
   */
  @Get()
  list(@Query() query: HubQueryDto): HubView[] {
    return this.elements.hubs().map((hub) => hubView(hub, query.hydrate === 'true' ? this.elements.elementsOf(hub.key) : undefined));
  }

  /**
   * List the hub keys
   * @remarks The key of every hub: the {hub} segment of /hubs/{hub}/... calls.
   */
  @Get('keys')
  @ApiOkResponse({ type: [String], example: ['collaboration'] })
  keys(): string[] {
    return this.elements.hubs().map((hub) => hub.key);
  }

  /**
   * Get a hub
   * @remarks By key (collaboration).
   */
  @Get(':key')
  get(@Param('key') key: string): HubView {
    return hubView(this.elements.hub(key));
  }

  /**
   * List the elements of a hub
   * @remarks The elements whose instances answer the hub's calls (ciscospark for collaboration), in Cloud Elements' element shape.
   */
  @Get(':key/elements')
  elementsOf(@Param('key') key: string): ElementView[] {
    return this.elements.elementsOf(key).map(elementView);
  }
}
