import { SecretBox } from '../common/secret-box';
import { ElementDefinition } from '../elements/element.types';
import { InstanceToken } from './instance-token.entity';
import { TokenHolder } from './token-grants';

/** Collaborators of the tokens/ unit specs: no database, no Webex. */
export const fakeBox = { seal: (clear: string) => `sealed:${clear}`, open: (sealed: string) => sealed.replace(/^sealed:/, '') } as SecretBox;

export const fakeElement = {
  key: 'ciscospark',
  oauth: { refreshAheadFraction: 0.1 },
  configuration: [{ key: 'oauth.api.key' }, { key: 'oauth.api.secret', secret: true }],
} as unknown as ElementDefinition;

/** A stored, usable instance at token version `tokenVersion` whose access token expires in `expiresInMs`. */
export function holderAt(tokenVersion: number, changes: Partial<TokenHolder> = {}, expiresInMs = 3_600_000): InstanceToken & TokenHolder {
  return Object.assign(new InstanceToken(), {
    id: 7,
    elementKey: 'ciscospark',
    configuration: { 'oauth.api.key': 'client', 'oauth.api.secret': 'sealed:secret' },
    disabled: false,
    accessToken: `sealed:access-${tokenVersion}`,
    refreshToken: `sealed:refresh-${tokenVersion}`,
    accessTokenExpiresAt: new Date(Date.now() + expiresInMs),
    refreshTokenExpiresAt: null,
    tokenVersion,
    nextRefreshAt: null,
    lastRefreshAt: null,
    lastRefreshError: null,
    refreshFailures: 0,
    valid: true,
    invalidReason: null,
    invalidAt: null,
    ...changes,
  });
}
