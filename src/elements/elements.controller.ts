import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CredentialsGuard } from '../auth/auth.guard';
import { ElementDefinition } from './element.types';
import { ElementView, OAuthUrlRequestDto, OAuthUrlView } from './elements.dto';
import { ElementsService } from './elements.service';

@ApiTags('elements')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller('elements')
export class ElementsController {
  constructor(private readonly elements: ElementsService) {}

  @Get()
  list(): ElementView[] {
    return this.elements.list().map(elementView);
  }

  @Get(':keyOrId')
  get(@Param('keyOrId') keyOrId: string): ElementView {
    return elementView(this.elements.get(keyOrId));
  }

  @Get(':keyOrId/oauth/url')
  oauthUrl(@Param('keyOrId') keyOrId: string, @Query() query: OAuthUrlRequestDto): OAuthUrlView {
    return this.elements.oauthUrl(keyOrId, query);
  }

  @Post(':keyOrId/oauth/url')
  @HttpCode(200)
  oauthUrlFromBody(@Param('keyOrId') keyOrId: string, @Body() body: OAuthUrlRequestDto): OAuthUrlView {
    return this.elements.oauthUrl(keyOrId, body ?? {});
  }
}

function elementView(element: ElementDefinition): ElementView {
  return {
    id: element.id,
    key: element.key,
    name: element.name,
    description: element.description,
    hub: element.hub,
    authentication: element.authentication,
    defaultScopes: element.oauth.defaultScopes,
    configuration: element.configuration.map((c) => ({
      key: c.key,
      name: c.name,
      description: c.description,
      required: c.required ?? false,
      secret: c.secret ?? false,
      type: c.type ?? 'text',
      ...(c.defaultValue !== undefined && { defaultValue: c.defaultValue }),
    })),
    resources: element.resources.map((r) => ({ name: r.path, description: r.description, operations: r.operations })),
  };
}
