import { Injectable } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { ElementDefinition } from '../elements/element.types';
import { nextRefreshAt } from '../tokens/token-schedule';
import { WebexClient } from '../webex/webex.client';
import { TokenGrant, WebexOAuth } from '../webex/webex-oauth.service';
import { BadRequestException } from '../common/hub.exception';
import { configValue, requireKeys } from './instance-configuration';
import { ConnectedAccount, Instance } from './instance.entity';

export interface Authorization {
  grant: TokenGrant;
  account: ConnectedAccount;
}

interface PersonMe {
  id: string;
  displayName?: string;
  emails?: string[];
  avatar?: string;
  orgId?: string;
}

const CODE_KEYS = ['oauth.api.key', 'oauth.api.secret', 'oauth.callback.url'];
const EXTERNAL_KEYS = ['oauth.api.key', 'oauth.api.secret', 'oauth.user.refresh_token'];

/**
 * Turns what a client brings (a code, or a refresh token with externalAuthentication "initial")
 * into Webex tokens and the connected account, before anything is stored.
 */
@Injectable()
export class InstanceAuthorizer {
  constructor(
    private readonly oauth: WebexOAuth,
    private readonly webex: WebexClient,
    private readonly box: SecretBox,
  ) {}

  /** `config` is in clear here: it has not been sealed yet. */
  async authorize(element: ElementDefinition, config: Record<string, string>, code?: string, codeVerifier?: string, external?: boolean): Promise<Authorization> {
    requireKeys(element, config, external ? EXTERNAL_KEYS : CODE_KEYS);
    const client = { clientId: config['oauth.api.key'], clientSecret: config['oauth.api.secret'] };
    let grant: TokenGrant;
    if (external) grant = await this.oauth.refresh(client, config['oauth.user.refresh_token']);
    else if (code) grant = await this.oauth.exchangeCode(client, code, config['oauth.callback.url'], codeVerifier);
    else throw new BadRequestException('Missing providerData.code: the code Webex put on the callback URL');
    const { body } = await this.webex.send<PersonMe>({ method: 'GET', path: element.oauth.accountPath, accessToken: grant.accessToken });
    return {
      grant,
      account: { id: body.id, displayName: body.displayName, email: body.emails?.[0], avatar: body.avatar, orgId: body.orgId },
    };
  }

  /** The token columns and schedule keys an instance gets from a grant. */
  applyGrant(element: ElementDefinition, instance: Partial<Instance>, grant: TokenGrant, now = Date.now()): void {
    instance.accessToken = this.box.seal(grant.accessToken);
    instance.refreshToken = this.box.seal(grant.refreshToken);
    instance.accessTokenExpiresAt = new Date(now + grant.expiresIn * 1000);
    instance.refreshTokenExpiresAt = grant.refreshTokenExpiresIn ? new Date(now + grant.refreshTokenExpiresIn * 1000) : null;
    // A refresh token that dies before the access token is due is looked at (and found dead) then.
    const due = nextRefreshAt(grant.expiresIn, element.oauth.refreshAheadFraction, now);
    instance.nextRefreshAt = instance.refreshTokenExpiresAt && instance.refreshTokenExpiresAt < due ? instance.refreshTokenExpiresAt : due;
    instance.lastRefreshAt = new Date(now);
    instance.lastRefreshError = null;
    instance.refreshFailures = 0;
    instance.valid = true;
    instance.invalidReason = null;
    instance.invalidAt = null;
    instance.tokenVersion = (instance.tokenVersion ?? 0) + 1;
    // The refresh token lives in its own column; the configuration keeps only the schedule.
    const { ['oauth.user.refresh_token']: _dropped, ...rest } = instance.configuration ?? {};
    instance.configuration = {
      ...rest,
      'oauth.user.refresh_interval': String(grant.expiresIn),
      'oauth.user.refresh_time': String(now),
    };
  }

  /** Client credentials of a stored instance, in clear. */
  clientOf(element: ElementDefinition, instance: Instance) {
    return {
      clientId: configValue(element, instance.configuration, 'oauth.api.key', this.box)!,
      clientSecret: configValue(element, instance.configuration, 'oauth.api.secret', this.box)!,
    };
  }
}
