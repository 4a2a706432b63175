import { Injectable } from '@nestjs/common';
import { HubError } from '../common/hub-error';
import { SecretBox } from '../common/secret-box';
import { TtlCache } from '../common/ttl-cache';
import { RefreshHistory } from './refresh-history';
import { RefreshRecord, RefreshTrigger, TokenEvents } from './token-events';
import { isExternalToken, TokenHolder, TokenState, tokenStateOf } from './token-grants';
import { TokenRefresher } from './token-refresher';
import { expiryMarginMs } from './token-schedule';
import { TokenStore } from './token-store';
import { TokensErrorCode, TokensException } from './tokens.exception';

/**
 * The access token a hub call should use, refreshed first when it has expired or is about to, and
 * again when Webex rejects it. Refreshes are single-flight within the process and across replicas
 * (TokenRefresher). What other features ask of tokens/ goes through here.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly refresher: TokenRefresher,
    private readonly store: TokenStore,
    private readonly events: TokenEvents,
    private readonly box: SecretBox,
    private readonly history: RefreshHistory,
  ) {}

  /** Sealed access token -> opened: a hub call then costs no decryption (bounded; tokens change rarely). */
  private readonly opened = new TtlCache<string, string>(Infinity);

  private open(sealed: string): string {
    let token = this.opened.get(sealed);
    if (token === undefined) {
      token = this.box.open(sealed);
      this.opened.set(sealed, token);
    }
    return token;
  }

  /** Throws unless hub calls may use the instance: disabled is 403, invalid is 401. */
  assertUsable(holder: Pick<TokenHolder, 'id' | 'disabled' | 'valid' | 'invalidReason'> & Partial<Pick<TokenHolder, 'accessToken' | 'refreshToken'>>): void {
    if (this.isUsable(holder)) return;
    if (holder.disabled) throw new TokensException(TokensErrorCode.INSTANCE_DISABLED, `Instance ${holder.id} is disabled; enable it with PUT /instances/${holder.id}/enabled`);
    if (!holder.valid) throw notAuthorized(holder);
  }

  /** Whether `assertUsable` lets hub calls use the holder. */
  isUsable(holder: Pick<TokenHolder, 'disabled' | 'valid'>): boolean {
    return !holder.disabled && Boolean(holder.valid);
  }

  /** The access token for a call on `holder` (which the caller already checked is usable). */
  async forCall(holder: TokenHolder): Promise<string> {
    const external = isExternalToken(holder);
    // A token a client brought is used to its last moment (a bot's has no end): nothing can replace it.
    const expiresAt = holder.accessTokenExpiresAt ? new Date(holder.accessTokenExpiresAt).getTime() : external ? Infinity : 0;
    const marginMs = external || !holder.accessTokenExpiresAt ? 0 : expiryMarginMs(holder.accessTokenExpiresAt, holder.lastRefreshAt);
    if (holder.accessToken && expiresAt - marginMs > Date.now()) return this.open(holder.accessToken);
    // Stale: refreshed (a token a client brought is found dead instead, and the caller gets a 401).
    try {
      return await this.refresh(holder);
    } catch (error) {
      // Webex's token endpoint is down but the token we hold still works for a while: use it.
      const stillValid = holder.accessToken && expiresAt > Date.now();
      if (stillValid && !(error instanceof HubError && (error.status === 401 || error.status === 403))) return this.box.open(holder.accessToken!);
      throw error;
    }
  }

  /** Webex answered 401 to `rejected`: a fresh token, unless someone already swapped it. */
  async afterRejected(holder: TokenHolder, rejected: string): Promise<string> {
    const current = (await this.store.read(holder.id)) ?? holder;
    this.assertUsable(current);
    if (current.accessToken && this.box.open(current.accessToken) !== rejected) {
      await this.events.publish('refreshed', current);
      return this.box.open(current.accessToken);
    }
    return this.refresh(current);
  }

  /** Refreshes unless someone else did since `holder` was read; returns the new access token. `trigger` goes into the refresh history. */
  async refresh(holder: Pick<TokenHolder, 'id' | 'tokenVersion'>, trigger = RefreshTrigger.HUB_CALL): Promise<string> {
    const current = await this.refresher.refresh(holder, trigger);
    this.assertUsable(current);
    return this.box.open(current.accessToken!);
  }

  /** `owners` (instances as their feature read them) with the token state stored for each. */
  async withTokenState<T extends { id: number }>(owners: T[]): Promise<Array<T & TokenState>> {
    const states = await this.store.states(owners.map((owner) => owner.id));
    return owners.map((owner) => Object.assign(owner, states.has(owner.id) ? tokenStateOf(states.get(owner.id)!) : {}) as T & TokenState);
  }

  /** The last refresh attempts of instance `id`, newest first (the console's and the API's refresh history). */
  refreshHistory(id: number, limit?: number): Promise<RefreshRecord[]> {
    return this.history.of(id, limit);
  }

  /** Key rotation: every instance's tokens re-sealed under the primary key; returns how many instances. */
  resealAll(): Promise<number> {
    return this.store.resealAll();
  }

  /**
   * A refresh a client asked for (POST /instances/{id}/tokens/refresh): the new token state, 401
   * INSTANCE_NOT_AUTHORIZED when the grant is dead (as a hub call answers), 502 when Webex failed (the schedule retries on its own).
   */
  async refreshNow(holder: TokenHolder): Promise<TokenHolder> {
    if (!holder.valid) throw notAuthorized(holder);
    if (isExternalToken(holder)) {
      throw new TokensException(TokensErrorCode.TOKEN_NOT_REFRESHABLE, `Instance ${holder.id} was created from an access token, which Webex does not refresh`);
    }
    let refreshed: TokenHolder;
    try {
      refreshed = await this.refresher.refresh(holder, RefreshTrigger.API);
    } catch (error) {
      if (error instanceof HubError && error.status >= 400 && error.status < 500) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new TokensException(TokensErrorCode.TOKEN_REFRESH_FAILED, `Refreshing the tokens failed (${message}); the hub retries on its own`, {
        ...(error instanceof HubError && error.extra),
        headers: undefined,
      });
    }
    if (!refreshed.valid) throw notAuthorized(refreshed);
    return refreshed;
  }
}

function notAuthorized(holder: Pick<TokenHolder, 'id' | 'invalidReason'> & Partial<Pick<TokenHolder, 'accessToken' | 'refreshToken'>>): TokensException {
  const remedy = isExternalToken(holder) ? 'create an instance from a new token' : `re-authorize it with PUT /instances/${holder.id} and a new code`;
  return new TokensException(TokensErrorCode.INSTANCE_NOT_AUTHORIZED, `Instance ${holder.id} is no longer authorized by Webex (${holder.invalidReason ?? 'invalid'}); ${remedy}`);
}
