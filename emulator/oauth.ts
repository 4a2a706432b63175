import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OAuthError, WebexError } from './errors';
import type { Integration, Person } from './model';
import type { EmulatorOptions } from './options';
import { parseScopes, unknownScopes } from './scopes';
import type { EmulatorStore } from './store';
import { issueAccessToken, issueRefreshToken, tokenResponse, type TokenResponse } from './tokens';

export interface AuthorizeParams {
  clientId?: string;
  redirectUri?: string;
  responseType?: string;
  scope?: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/** A request the authorize endpoint must refuse without redirecting (shown as an error page). */
export class AuthorizePageError extends WebexError {
  constructor(message: string) {
    super(400, message);
  }
}

/** A validated authorize request, or the error redirect it earns. */
export type AuthorizeCheck =
  | { ok: true; integration: Integration; redirectUri: string; scopes: string[] }
  | { ok: false; location: string };

export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

const LOOPBACK_WITHOUT_PORT = /^(https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\]))(\/.*)?$/;

/**
 * Exact match, but for a loopback URI registered without a port: that one matches on any port
 * (as RFC 8252 §7.3 asks of loopback redirects), so a hub on any local port can use the default
 * integration without registering its port.
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const loopback = LOOPBACK_WITHOUT_PORT.exec(registered);
  if (!loopback) return false;
  const [, origin, path = ''] = loopback;
  if (!requested.startsWith(origin) || !requested.endsWith(path)) return false;
  return /^:\d{1,5}$/.test(requested.slice(origin.length, requested.length - path.length));
}

/** Checks an authorize request as Webex does: client and redirect first (no redirect), then the rest. */
export function checkAuthorize(store: EmulatorStore, p: AuthorizeParams): AuthorizeCheck {
  const integration = p.clientId ? store.integrations.get(p.clientId) : undefined;
  if (!integration) throw new AuthorizePageError('The client_id is not a registered integration.');
  if (!p.redirectUri || !integration.redirectUris.some((registered) => redirectUriMatches(registered, p.redirectUri as string))) {
    throw new AuthorizePageError('The redirect_uri does not match a redirect URI registered for this integration.');
  }
  const fail = (error: string, description: string): AuthorizeCheck => ({
    ok: false,
    location: redirectWith(p.redirectUri as string, { error, error_description: description, state: p.state }),
  });
  if (p.responseType !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  const scopes = parseScopes(p.scope ?? '');
  if (scopes.length === 0) return fail('invalid_scope', 'scope is required');
  const unknown = unknownScopes(scopes);
  if (unknown.length > 0) return fail('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
  if (p.codeChallengeMethod && !p.codeChallenge) return fail('invalid_request', 'code_challenge is required with code_challenge_method');
  if (p.codeChallenge && !['S256', 'plain', undefined].includes(p.codeChallengeMethod)) {
    return fail('invalid_request', 'code_challenge_method must be S256 or plain');
  }
  return { ok: true, integration, redirectUri: p.redirectUri, scopes };
}

/** What Accept yields: a single-use code bound to client, redirect URI, person and PKCE challenge. */
export function issueCode(store: EmulatorStore, options: EmulatorOptions, p: AuthorizeParams, person: Person): { code: string; location: string } {
  const check = checkAuthorize(store, p);
  if (!check.ok) return { code: '', location: check.location };
  const code = randomBytes(32).toString('base64url');
  store.codes.set(code, {
    code,
    clientId: check.integration.clientId,
    redirectUri: check.redirectUri,
    personId: person.id,
    scopes: check.scopes,
    codeChallenge: p.codeChallenge,
    codeChallengeMethod: p.codeChallenge ? ((p.codeChallengeMethod ?? 'plain') as 'S256' | 'plain') : undefined,
    expiresAt: Date.now() + options.codeTtl * 1000,
  });
  return { code, location: redirectWith(check.redirectUri, { code, state: p.state }) };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The integration named by HTTP Basic or the body's client_id/client_secret, or invalid_client. */
function authenticateClient(store: EmulatorStore, form: Record<string, string | undefined>, authorization?: string): Integration {
  let clientId = form.client_id;
  let secret = form.client_secret;
  const basic = authorization ? /^Basic\s+(\S+)$/i.exec(authorization) : null;
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  const integration = clientId ? store.integrations.get(clientId) : undefined;
  if (!integration || !secret || !sameSecret(secret, integration.clientSecret)) {
    throw new OAuthError(401, 'invalid_client', 'Client authentication failed.');
  }
  return integration;
}

function verifyPkce(method: 'S256' | 'plain', challenge: string, verifier: string | undefined): boolean {
  if (!verifier) return false;
  const derived = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return sameSecret(derived, challenge);
}

/** `POST /access_token`: the authorization_code and refresh_token grants. */
export function exchangeToken(
  store: EmulatorStore,
  options: EmulatorOptions,
  form: Record<string, string | undefined>,
  authorization?: string,
): TokenResponse {
  const grantType = form.grant_type;
  if (!grantType) throw new OAuthError(400, 'invalid_request', 'grant_type is required.');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant_type ${grantType}.`);
  }
  const integration = authenticateClient(store, form, authorization);
  return grantType === 'authorization_code' ? exchangeCode(store, options, integration, form) : refresh(store, options, integration, form);
}

function exchangeCode(store: EmulatorStore, options: EmulatorOptions, integration: Integration, form: Record<string, string | undefined>): TokenResponse {
  if (!form.code) throw new OAuthError(400, 'invalid_request', 'code is required.');
  const code = store.codes.get(form.code);
  // Single use: any attempt consumes the code, so a leaked code cannot be retried.
  store.codes.delete(form.code);
  if (!code || code.expiresAt <= Date.now()) throw new OAuthError(400, 'invalid_grant', 'The authorization code is invalid, expired or already used.');
  if (code.clientId !== integration.clientId) throw new OAuthError(400, 'invalid_grant', 'The authorization code was issued to another client.');
  if (form.redirect_uri !== code.redirectUri) throw new OAuthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
  if (code.codeChallenge && !verifyPkce(code.codeChallengeMethod ?? 'plain', code.codeChallenge, form.code_verifier)) {
    throw new OAuthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
  }
  const access = issueAccessToken(store, options, code.personId, integration.clientId, code.scopes);
  const refreshToken = issueRefreshToken(store, options, code.personId, integration.clientId, code.scopes);
  return tokenResponse(access, refreshToken);
}

/** A rotated-away refresh token presented again: refused as Webex does, and counted apart (a client that spends a token twice). */
export class RefreshTokenReused extends OAuthError {
  constructor() {
    super(400, 'invalid_grant', 'The refresh token is invalid or expired.');
  }
}

/** The refresh tokens each store has rotated away; kept beside the store so a reset forgets them with it. */
const spentRefreshTokens = new WeakMap<EmulatorStore, Set<string>>();

function refresh(store: EmulatorStore, options: EmulatorOptions, integration: Integration, form: Record<string, string | undefined>): TokenResponse {
  if (!form.refresh_token) throw new OAuthError(400, 'invalid_request', 'refresh_token is required.');
  const current = store.refreshTokens.get(form.refresh_token);
  if (!current && spentRefreshTokens.get(store)?.has(form.refresh_token)) throw new RefreshTokenReused();
  if (!current || current.clientId !== integration.clientId || current.expiresAt <= Date.now() || !store.people.has(current.personId)) {
    throw new OAuthError(400, 'invalid_grant', 'The refresh token is invalid or expired.');
  }
  const access = issueAccessToken(store, options, current.personId, integration.clientId, current.scopes);
  if (!options.rotateRefreshTokens) return tokenResponse(access, current);
  store.refreshTokens.delete(current.token);
  if (!spentRefreshTokens.has(store)) spentRefreshTokens.set(store, new Set());
  spentRefreshTokens.get(store)!.add(current.token);
  return tokenResponse(access, issueRefreshToken(store, options, current.personId, integration.clientId, current.scopes));
}
