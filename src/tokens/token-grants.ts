import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { SecretBox } from '../common/secret-box';
import { ElementDefinition } from '../elements/element.types';
import { WebexClient } from '../webex/webex.client';
import { WebexAccount, webexAccountOf } from '../webex/webex-account';
import { WebexApiException } from '../webex/webex.exception';
import { TokenGrant } from '../webex/webex-oauth.service';
import { InstanceToken } from './instance-token.entity';
import { nextRefreshAt } from './token-schedule';
import { TokensErrorCode, TokensException } from './tokens.exception';

/** What a Webex access token can be (theirs are letters, digits, `_` and `-`), with room to spare. */
const ACCESS_TOKEN_FORM = /^[\x21-\x7e]{1,4096}$/;

/** Webex's personal access tokens live 12 hours from when the developer portal hands one out. */
export const PERSONAL_TOKEN_LIFETIME_S = 12 * 3600;

/**
 * A token a client brought instead of an OAuth grant (externalAuthentication "token"): a bot's,
 * which never expires, or a person's personal access token. It has no refresh token and is never
 * refreshed: when it dies, the instance is invalid.
 */
export interface ExternalGrant {
  accessToken: string;
  /** Seconds; null for a token that never expires (a bot's). */
  expiresIn: number | null;
}

/** Columns only a grant, a refresh or an invalidation writes (tokens/ alone). */
const TOKEN_STATE_KEYS = [
  'accessToken', 'refreshToken', 'accessTokenExpiresAt', 'refreshTokenExpiresAt', 'tokenVersion', 'nextRefreshAt',
  'lastRefreshAt', 'lastRefreshError', 'refreshFailures', 'valid', 'invalidReason', 'invalidAt',
] as const satisfies ReadonlyArray<keyof InstanceToken>;

/** What a grant sets (everything but the version), and their columns in `instance_tokens`. */
const GRANT_KEYS = TOKEN_STATE_KEYS.filter((key) => key !== 'tokenVersion');
const GRANT_COLUMNS = GRANT_KEYS.map((key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));

/** An instance's token state: what tokens/ writes and publishes. */
export type TokenState = Pick<InstanceToken, (typeof TOKEN_STATE_KEYS)[number]>;

/** What tokens/ reads of an instance besides its tokens (never writes, but for the schedule keys): the element, its OAuth client, whether it is switched off. */
export interface TokenOwner {
  id: number;
  elementKey: string;
  configuration: Record<string, string>;
  disabled: boolean;
}

/** An instance as tokens/ sees it: its owner's columns and its token row. */
export type TokenHolder = TokenOwner & TokenState;

/** The token state of `holder`, to lay over an older copy of its instance. */
export function tokenStateOf(holder: TokenState & { configuration?: Record<string, string> }): TokenState & { configuration?: Record<string, string> } {
  const state = Object.fromEntries(TOKEN_STATE_KEYS.map((key) => [key, holder[key]])) as TokenState;
  return holder.configuration ? { ...state, configuration: holder.configuration } : state;
}

/**
 * Joins tokens/' row of each `alias` row (an instance) to `query` as `tokenAlias` (whose columns,
 * `valid` say, a filter may name), so that a page of instances reads its token state in the same
 * query; `withJoinedTokenState` lays it over each instance.
 */
export function joinTokenState<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, alias: string, tokenAlias: string): SelectQueryBuilder<T> {
  return query.leftJoinAndMapOne(`${alias}.tokenRow`, InstanceToken, tokenAlias, `${tokenAlias}.id = ${alias}.id`);
}

/** `row`, read with `joinTokenState`, with the token state its joined row holds. */
export function withJoinedTokenState<T extends object>(row: T & { tokenRow?: InstanceToken | null }): T {
  const { tokenRow } = row;
  delete row.tokenRow;
  return tokenRow ? Object.assign(row, tokenStateOf(tokenRow)) : row;
}

/** Whether the token state is that of a token a client brought (no refresh token: never refreshed). */
export function isExternalToken(state: Partial<Pick<TokenState, 'accessToken' | 'refreshToken'>>): boolean {
  return state.refreshToken === null && !!state.accessToken;
}

type GrantHolder = Partial<TokenState> & { configuration?: Record<string, string> };

/** Turns a Webex grant into token state; instances/ asks it when a client authorizes an instance. */
@Injectable()
export class TokenGrants {
  constructor(
    private readonly box: SecretBox,
    private readonly webex: WebexClient,
  ) {}

  /**
   * Checks a bot token or personal access token with Webex (`/people/me`) before anything is
   * stored: a token Webex refuses is a 400 with Webex's message. A bot's token never expires; a
   * person's is taken to live the 12 hours of a personal access token from now (an upper bound:
   * Webex does not say when it was issued, and its 401 ends it sooner).
   */
  async fromToken(element: ElementDefinition, accessToken: string | undefined): Promise<{ grant: ExternalGrant; account: WebexAccount }> {
    if (!accessToken) throw new TokensException(TokensErrorCode.ACCESS_TOKEN_INVALID, 'providerData.accessToken is required with externalAuthentication "token"');
    // It goes into an Authorization header: anything else would be refused there, or worse.
    if (!ACCESS_TOKEN_FORM.test(accessToken)) {
      throw new TokensException(TokensErrorCode.ACCESS_TOKEN_INVALID, 'providerData.accessToken is not a Webex access token: printable ASCII without spaces, at most 4096 characters');
    }
    let person: { account: WebexAccount; bot: boolean };
    try {
      person = await webexAccountOf(this.webex, element.oauth.accountPath, accessToken);
    } catch (error) {
      if (!(error instanceof WebexApiException && error.status < 500 && error.status !== 429)) throw error;
      throw new TokensException(TokensErrorCode.ACCESS_TOKEN_REFUSED, `Webex refused the access token (${error.status}); nothing was stored`, {
        providerMessage: error.extra.providerMessage,
        trackingId: error.extra.trackingId,
      });
    }
    return { grant: { accessToken, expiresIn: person.bot ? null : PERSONAL_TOKEN_LIFETIME_S }, account: person.account };
  }

  /** The token columns and schedule keys `holder` gets from `grant` (an OAuth grant, or a token a client brought). */
  apply(element: ElementDefinition, holder: GrantHolder, grant: TokenGrant | ExternalGrant, now = Date.now()): void {
    if (!('refreshToken' in grant)) return this.applyExternal(holder, grant, now);
    holder.accessToken = this.box.seal(grant.accessToken);
    holder.refreshToken = this.box.seal(grant.refreshToken);
    holder.accessTokenExpiresAt = new Date(now + grant.expiresIn * 1000);
    holder.refreshTokenExpiresAt = grant.refreshTokenExpiresIn ? new Date(now + grant.refreshTokenExpiresIn * 1000) : null;
    // A refresh token that dies before the access token is due is looked at (and found dead) then.
    const due = nextRefreshAt(grant.expiresIn, element.oauth.refreshAheadFraction, now);
    holder.nextRefreshAt = holder.refreshTokenExpiresAt && holder.refreshTokenExpiresAt < due ? holder.refreshTokenExpiresAt : due;
    holder.lastRefreshAt = new Date(now);
    renew(holder);
    // The refresh token lives in its own column; the configuration keeps only the schedule.
    const { ['oauth.user.refresh_token']: _dropped, ...rest } = holder.configuration ?? {};
    holder.configuration = { ...rest, 'oauth.user.refresh_interval': String(grant.expiresIn), 'oauth.user.refresh_time': String(now) };
  }

  /** No refresh token and no refresh schedule: the scheduler looks at a personal token once, when it expires, to mark it invalid. */
  private applyExternal(holder: GrantHolder, grant: ExternalGrant, now: number): void {
    holder.accessToken = this.box.seal(grant.accessToken);
    holder.refreshToken = null;
    holder.accessTokenExpiresAt = grant.expiresIn === null ? null : new Date(now + grant.expiresIn * 1000);
    holder.refreshTokenExpiresAt = null;
    holder.nextRefreshAt = holder.accessTokenExpiresAt;
    holder.lastRefreshAt = null;
    renew(holder);
    const { ['oauth.user.refresh_token']: _token, ['oauth.user.refresh_interval']: _interval, ['oauth.user.refresh_time']: _time, ...rest } = holder.configuration ?? {};
    holder.configuration = rest;
  }

  /**
   * Stores the grant `apply` computed for instance `id` with the caller's `manager`, so that it
   * commits or rolls back with the instance row; a re-authorization bumps the stored token version,
   * which a refresh in flight then loses its compare-and-swap on. Sets `state.tokenVersion`.
   */
  async store(manager: EntityManager, id: number, state: Omit<TokenState, 'tokenVersion'> & { tokenVersion?: number }): Promise<void> {
    const [row]: Array<{ token_version: number }> = await manager.query(
      `INSERT INTO instance_tokens (instance_id, ${GRANT_COLUMNS.join(', ')}, token_version) VALUES ($1, ${GRANT_COLUMNS.map((_, i) => `$${i + 2}`).join(', ')}, 1)
        ON CONFLICT (instance_id) DO UPDATE SET ${GRANT_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, token_version = instance_tokens.token_version + 1
        RETURNING token_version`,
      [id, ...GRANT_KEYS.map((key) => state[key])],
    );
    state.tokenVersion = row.token_version;
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

/** A fresh grant: no failure on record, valid, a new token version. */
function renew(holder: GrantHolder): void {
  holder.lastRefreshError = null;
  holder.refreshFailures = 0;
  holder.valid = true;
  holder.invalidReason = null;
  holder.invalidAt = null;
  holder.tokenVersion = (holder.tokenVersion ?? 0) + 1;
}
