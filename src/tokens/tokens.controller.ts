import { Controller, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiConflictResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { ConflictException, HubException } from '../common/hub.exception';
import { ParseIdPipe } from '../common/id.pipe';
import { ElementsService } from '../elements/elements.service';
import { instanceView } from '../instances/instance-view';
import { Instance } from '../instances/instance.entity';
import { InstanceView } from '../instances/instances.dto';
import { InstancesService } from '../instances/instances.service';
import { TokenRefresher } from './token-refresher';

/** Manual token refresh of one instance; the refresh history is on the instance view. */
@ApiTags('instances')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller()
export class TokensController {
  constructor(
    private readonly instances: InstancesService,
    private readonly refresher: TokenRefresher,
    private readonly elements: ElementsService,
  ) {}

  /**
   * Refresh an instance's Webex tokens now
   * @remarks Refreshes the tokens (or takes those another replica just swapped in) and answers the instance with lastRefreshDate, nextRefreshDate and lastRefreshError.
   */
  @HttpCode(200)
  @Post('instances/:id/tokens/refresh')
  @ApiConflictResponse({ description: 'Instance 1 is no longer authorized by Webex (invalid_grant); re-authorize it with PUT /instances/1 and a new code' })
  @ApiBadGatewayResponse({ description: 'Refreshing the tokens failed (Webex answered 500); the hub retries on its own' })
  async refresh(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    const instance = await this.instances.find(caller, id);
    if (!instance.valid) throw notAuthorized(instance);
    let refreshed: Instance;
    try {
      refreshed = await this.refresher.refresh(instance);
    } catch (error) {
      if (error instanceof HubException && error.status >= 400 && error.status < 500) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new HubException(HttpStatus.BAD_GATEWAY, 'TOKEN_REFRESH_FAILED', `Refreshing the tokens failed (${message}); the hub retries on its own`, {
        ...(error instanceof HubException && error.extra),
        headers: undefined,
      });
    }
    if (!refreshed.valid) throw notAuthorized(refreshed);
    return instanceView(this.elements.get(refreshed.elementKey), refreshed);
  }
}

function notAuthorized(instance: Instance): ConflictException {
  return new ConflictException(
    `Instance ${instance.id} is no longer authorized by Webex (${instance.invalidReason ?? 'invalid'}); re-authorize it with PUT /instances/${instance.id} and a new code`,
  );
}
