import { Injectable } from '@nestjs/common';
import { InstancesErrorCode, InstancesException } from './instances.exception';
import { ElementDefinition } from '../elements/element.types';
import { WebexClient } from '../webex/webex.client';
import { webexAccountOf } from '../webex/webex-account';
import { TokenGrant, WebexOAuth } from '../webex/webex-oauth.service';
import { requireKeys } from './instance-configuration';
import { ConnectedAccount } from './instance.entity';

export interface Authorization {
  grant: TokenGrant;
  account: ConnectedAccount;
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
  ) {}

  /** `config` is in clear here: it has not been sealed yet. */
  async authorize(element: ElementDefinition, config: Record<string, string>, code?: string, codeVerifier?: string, external?: boolean): Promise<Authorization> {
    requireKeys(element, config, external ? EXTERNAL_KEYS : CODE_KEYS);
    const client = { clientId: config['oauth.api.key'], clientSecret: config['oauth.api.secret'] };
    let grant: TokenGrant;
    if (external) grant = await this.oauth.refresh(client, config['oauth.user.refresh_token']);
    else if (code) grant = await this.oauth.exchangeCode(client, code, config['oauth.callback.url'], codeVerifier);
    else throw new InstancesException(InstancesErrorCode.AUTHORIZATION_CODE_MISSING, 'Missing providerData.code: the code Webex put on the callback URL');
    const { account } = await webexAccountOf(this.webex, element.oauth.accountPath, grant.accessToken);
    return { grant, account };
  }
}
