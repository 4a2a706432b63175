import { opaqueToken } from './ids';
import type { AccessToken, RefreshToken } from './model';
import type { EmulatorOptions } from './options';
import type { EmulatorStore } from './store';

/** The body Webex answers on `/access_token`. */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  token_type: 'Bearer';
}

export function issueAccessToken(store: EmulatorStore, options: EmulatorOptions, personId: string, clientId: string, scopes: string[], ttlSeconds = options.accessTokenTtl): AccessToken {
  const token: AccessToken = {
    token: opaqueToken(store.orgUuid),
    personId,
    clientId,
    scopes: new Set(scopes),
    expiresAt: Date.now() + ttlSeconds * 1000,
  };
  store.accessTokens.set(token.token, token);
  return token;
}

/** A bot's token: it never expires and acts for the bot's own app. */
export function issueBotToken(store: EmulatorStore, personId: string, appId: string, scopes: string[]): AccessToken {
  const token: AccessToken = { token: opaqueToken(store.orgUuid), personId, clientId: '', appId, scopes: new Set(scopes), expiresAt: Infinity };
  store.accessTokens.set(token.token, token);
  return token;
}

export function issueRefreshToken(store: EmulatorStore, options: EmulatorOptions, personId: string, clientId: string, scopes: string[]): RefreshToken {
  const token: RefreshToken = { token: opaqueToken(store.orgUuid), personId, clientId, scopes, expiresAt: Date.now() + options.refreshTokenTtl * 1000 };
  store.refreshTokens.set(token.token, token);
  return token;
}

export function tokenResponse(access: AccessToken, refresh: RefreshToken): TokenResponse {
  const now = Date.now();
  return {
    access_token: access.token,
    expires_in: Math.max(0, Math.round((access.expiresAt - now) / 1000)),
    refresh_token: refresh.token,
    refresh_token_expires_in: Math.max(0, Math.round((refresh.expiresAt - now) / 1000)),
    token_type: 'Bearer',
  };
}
