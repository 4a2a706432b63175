import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CredentialsGuard } from '../auth/auth.guard';
import { elementView, ElementView, OAuthUrlRequestDto, OAuthUrlView } from './elements.dto';
import { ElementsService } from './elements.service';

@ApiTags('elements')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller('elements')
export class ElementsController {
  constructor(private readonly elements: ElementsService) {}

  /**
   * List the elements
   * @remarks The providers the hub connects to (Cisco Webex, key ciscospark), with their configuration keys and hub resources.
   */
  @Get()
  list(): ElementView[] {
    return this.elements.list().map(elementView);
  }

  /**
   * Get an element
   * @remarks By key (ciscospark) or numeric id.
   */
  @Get(':keyOrId')
  get(@Param('keyOrId') keyOrId: string): ElementView {
    return elementView(this.elements.get(keyOrId));
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
