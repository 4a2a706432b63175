import { Injectable } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { ElementDefinition } from '../elements/element.types';
import { TokenGrant } from '../webex/webex-oauth.service';
import { InstanceToken } from './instance-token.entity';

/** The token columns, which the instances row still carries. */
export { TokenColumns } from './instance-token.entity';
import { nextRefreshAt } from './token-schedule';

/** Columns only a grant, a refresh or an invalidation writes (tokens/ alone). */
const TOKEN_STATE_KEYS = [
  'accessToken', 'refreshToken', 'accessTokenExpiresAt', 'refreshTokenExpiresAt', 'tokenVersion', 'nextRefreshAt',
  'lastRefreshAt', 'lastRefreshError', 'refreshFailures', 'valid', 'invalidReason', 'invalidAt',
] as const satisfies ReadonlyArray<keyof InstanceToken>;

/** An instance's token state: what tokens/ writes and publishes. */
export type TokenState = Pick<InstanceToken, (typeof TOKEN_STATE_KEYS)[number]>;

/** What tokens/ reads of an instance besides its tokens: the element, its OAuth client, whether it is switched off. */
export type TokenOwner = Pick<InstanceToken, 'id' | 'elementKey' | 'configuration' | 'disabled'>;

/** An instance as tokens/ sees it (the instances feature's entity is one). */
export type TokenHolder = TokenOwner & TokenState;

/** The token state of `holder`, to lay over an older copy of its instance. */
export function tokenStateOf(holder: TokenState & { configuration?: Record<string, string> }): TokenState & { configuration?: Record<string, string> } {
  const state = Object.fromEntries(TOKEN_STATE_KEYS.map((key) => [key, holder[key]])) as TokenState;
  return holder.configuration ? { ...state, configuration: holder.configuration } : state;
}

/**
 * A copy of `instance` without its token state, for saving other changes: TypeORM leaves absent
 * properties alone, so a copy read before a refresh cannot write the old tokens back.
 */
export function withoutTokenState<T extends object>(instance: T): T {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(instance) as object) as T, instance);
  for (const key of TOKEN_STATE_KEYS) delete (copy as Partial<TokenState>)[key];
  return copy;
}

/** Turns a Webex grant into token state; instances/ asks it when a client authorizes an instance. */
@Injectable()
export class TokenGrants {
  constructor(private readonly box: SecretBox) {}

  /** The token columns and schedule keys `holder` gets from `grant`. */
  apply(element: ElementDefinition, holder: Partial<TokenState> & { configuration?: Record<string, string> }, grant: TokenGrant, now = Date.now()): void {
    holder.accessToken = this.box.seal(grant.accessToken);
    holder.refreshToken = this.box.seal(grant.refreshToken);
    holder.accessTokenExpiresAt = new Date(now + grant.expiresIn * 1000);
    holder.refreshTokenExpiresAt = grant.refreshTokenExpiresIn ? new Date(now + grant.refreshTokenExpiresIn * 1000) : null;
    // A refresh token that dies before the access token is due is looked at (and found dead) then.
    const due = nextRefreshAt(grant.expiresIn, element.oauth.refreshAheadFraction, now);
    holder.nextRefreshAt = holder.refreshTokenExpiresAt && holder.refreshTokenExpiresAt < due ? holder.refreshTokenExpiresAt : due;
    holder.lastRefreshAt = new Date(now);
    holder.lastRefreshError = null;
    holder.refreshFailures = 0;
    holder.valid = true;
    holder.invalidReason = null;
    holder.invalidAt = null;
    holder.tokenVersion = (holder.tokenVersion ?? 0) + 1;
    // The refresh token lives in its own column; the configuration keeps only the schedule.
    const { ['oauth.user.refresh_token']: _dropped, ...rest } = holder.configuration ?? {};
    holder.configuration = { ...rest, 'oauth.user.refresh_interval': String(grant.expiresIn), 'oauth.user.refresh_time': String(now) };
  }

  /** The OAuth client (in clear) a stored instance refreshes with. */
  clientOf(element: ElementDefinition, owner: Pick<TokenOwner, 'configuration'>): { clientId: string; clientSecret: string } {
    return { clientId: this.clear(element, owner, 'oauth.api.key'), clientSecret: this.clear(element, owner, 'oauth.api.secret') };
  }

  private clear(element: ElementDefinition, owner: Pick<TokenOwner, 'configuration'>, key: string): string {
    const value = owner.configuration[key];
    return element.configuration.some((c) => c.key === key && c.secret) ? this.box.open(value) : value;
  }
}
