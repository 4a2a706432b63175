import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { InstanceView } from '../instances/instances.dto';
import { ConnectSessions } from './connect-sessions.service';
import { ConnectSessionCreatedView, ConnectSessionView, CreateConnectSessionDto } from './connect.dto';

const ID = '6f1c2b9e-3d4a-4f5b-8c7d-9e0a1b2c3d4e';
const EXPIRES = '2026-12-01T09:35:00.000Z';
const BAD_ID = 'Invalid connect session id: expected a UUID';

/**
 * `/connect-sessions`: hosted connect links for backend applications. The application creates a
 * session, sends its end user to the session's url, and redeems the instance once the status is
 * CONNECTED; the instance token never travels through the browser (docs/connect-sessions.md).
 */
@ApiTags('connect-sessions')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller('connect-sessions')
export class ConnectSessionsController {
  constructor(private readonly sessions: ConnectSessions) {}

  /**
   * Create a connect session: a link an end user opens to connect a Webex account
   * @remarks Takes the instance to create (element, name, tags, configuration with events keys, optional scopes) or instanceId, an instance of the caller to re-authorize; returnUrl, where the browser goes afterwards with ?connectSession=<id>; expiresIn, seconds the link works (default 1800). Everything is checked before the session is stored. The Webex integration is the configuration's oauth.api.key and oauth.api.secret, or the hub's (HUB_CONSOLE_CLIENT_ID); it must list the hub's redirect URI, <hub>/elements/api-v2/connect/oauth/callback.
   */
  @HttpCode(200)
  @Post()
  @ApiBody({
    type: CreateConnectSessionDto,
    examples: {
      create: { summary: 'A new instance', value: { element: { key: 'ciscospark' }, name: "Ada's Webex", tags: ['demo'], configuration: { 'event.notification.enabled': false }, returnUrl: 'https://app.example.com/webex/connected' } },
      reauthorize: { summary: 'Re-authorize an instance', value: { instanceId: 1, returnUrl: 'https://app.example.com/webex/connected', expiresIn: 600 } },
    },
  })
  @ApiOkResponse({ type: ConnectSessionCreatedView, example: { id: ID, url: 'http://localhost:3000/elements/api-v2/connect?token=Zk3q9Wm2Lr5Tn0Vb7Xc2Hd9Yp4Ra6Ue1', expiresAt: EXPIRES } })
  create(@Creds() caller: Credentials, @Body() dto: CreateConnectSessionDto): Promise<ConnectSessionCreatedView> {
    return this.sessions.create(caller, dto);
  }

  /**
   * Get a connect session's status
   * @remarks PENDING until the end user finishes; then CONNECTED (with instanceId), DECLINED, EXPIRED or FAILED (with a reason). A pending session past expiresAt reads EXPIRED.
   */
  @Get(':id')
  @ApiBadRequestResponse({ description: BAD_ID })
  @ApiOkResponse({ type: ConnectSessionView, example: { id: ID, status: 'CONNECTED', instanceId: 1, expiresAt: EXPIRES } })
  status(@Creds() caller: Credentials, @Param('id') id: string): Promise<ConnectSessionView> {
    return this.sessions.status(caller, id);
  }

  /**
   * Redeem a connected session: the instance with its token, once
   * @remarks Answers the instance as POST /instances does, with the instance token in full, exactly once; a second redeem, or one before the session is CONNECTED, is a 409. A re-authorized instance keeps its token, which the answer shows masked.
   */
  @HttpCode(200)
  @Post(':id/redeem')
  @ApiBadRequestResponse({ description: BAD_ID })
  @ApiConflictResponse({ description: `Connect session ${ID} was already redeemed` })
  @ApiOkResponse({ type: InstanceView })
  redeem(@Creds() caller: Credentials, @Param('id') id: string): Promise<InstanceView> {
    return this.sessions.redeem(caller, id);
  }
}
