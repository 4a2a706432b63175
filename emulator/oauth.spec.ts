import { startEmulator, type RunningEmulator } from './index';
import { call, client, pkcePair, postForm, seeded, tokensFor } from './spec-support';

describe('emulator OAuth', () => {
  let sut: RunningEmulator;
  beforeAll(async () => {
    sut = await startEmulator({ port: 0 });
  });
  afterAll(() => sut.close());

  const authorizeUrl = (params: Record<string, string>) => `${sut.baseUrl}/authorize?${new URLSearchParams(params)}`;
  const tokenUrl = () => `${sut.baseUrl}/access_token`;

  function consentParams(extra: Record<string, string> = {}) {
    const { client_id, redirect_uri } = seeded(sut);
    return { client_id, redirect_uri, response_type: 'code', scope: 'spark:all spark:kms', state: 'xyz-state', ...extra };
  }

  /** Reads the consent form as a browser would: its action and every named input. */
  function parseForm(html: string): { action: string; fields: Record<string, string> } {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '';
    const fields: Record<string, string> = {};
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]] = m[2].replace(/&amp;/g, '&');
    return { action, fields };
  }

  it('shows a consent page and redirects with a code on Accept, which exchanges for working tokens', async () => {
    const page = await call(authorizeUrl(consentParams()));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain(sut.options.integrationName);
    expect(page.body).toContain('spark:kms');
    const { action, fields } = parseForm(page.body);
    expect(action).toBe('/v1/authorize');

    const accepted = await postForm(`${sut.origin}${action}`, { ...fields, email: 'browser@example.com', decision: 'accept' });
    expect(accepted.status).toBe(302);
    const location = new URL(accepted.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(seeded(sut).redirect_uri);
    expect(location.searchParams.get('state')).toBe('xyz-state');
    const code = location.searchParams.get('code') as string;
    expect(code).toBeTruthy();

    const tokens = await postForm(tokenUrl(), { grant_type: 'authorization_code', code, ...seeded(sut) });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toEqual({
      access_token: expect.any(String),
      expires_in: 1209600,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 7776000,
      token_type: 'Bearer',
    });
    const me = await client(sut, tokens.body.access_token).get('/people/me');
    expect(me.status).toBe(200);
    expect(me.body.emails).toEqual(['browser@example.com']);
  });

  it('redirects with access_denied and the state on Decline', async () => {
    const { fields } = parseForm((await call(authorizeUrl(consentParams()))).body);
    const declined = await postForm(`${sut.baseUrl}/authorize`, { ...fields, email: 'x@example.com', decision: 'decline' });
    expect(declined.status).toBe(302);
    const location = new URL(declined.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz-state');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it.each([
    ['an unknown client_id', { client_id: 'nope' }],
    ['a redirect_uri that is not registered exactly', { redirect_uri: 'http://localhost:3000/callback/' }],
    ['a missing redirect_uri', { redirect_uri: '' }],
    ['a registered path on another host', { redirect_uri: 'http://example.com:3000/callback' }],
    ['another path on a loopback port', { redirect_uri: 'http://localhost:3000/callback/extra' }],
    ['a loopback port that is not a number', { redirect_uri: 'http://localhost:abc/callback' }],
  ])('shows an error page without redirecting for %s', async (_name, extra) => {
    const page = await call(authorizeUrl(consentParams(extra)));
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(page.body).toContain('Authorization error');
  });

  it.each(['http://localhost:3000/callback', 'http://127.0.0.1:49152/callback', 'http://localhost:8080/elements/api-v2/console/oauth/callback'])(
    'accepts the default integration\'s loopback callback %s on any port, and binds the code to that exact URI',
    async (redirect_uri) => {
      const page = await call(authorizeUrl(consentParams({ redirect_uri })));
      expect(page.status).toBe(200);
      const { code, location } = sut.authorize({ clientId: sut.options.clientId, redirectUri: redirect_uri, scope: 'spark:all', state: 's', email: 'anyport@example.com' });
      expect(location.startsWith(`${redirect_uri}?code=`)).toBe(true);
      const other = redirect_uri.replace(/:\d+\//, ':1/');
      const refused = await postForm(tokenUrl(), { grant_type: 'authorization_code', code, client_id: sut.options.clientId, client_secret: sut.options.clientSecret, redirect_uri: other });
      expect(refused.status).toBe(400);
    },
  );

  it('keeps exact matching for a URI registered with a port', async () => {
    sut.createIntegration({ clientId: 'ported', clientSecret: 'ported-secret', redirectUris: ['http://localhost:4000/cb'] });
    expect((await call(authorizeUrl({ ...consentParams(), client_id: 'ported', redirect_uri: 'http://localhost:4000/cb' }))).status).toBe(200);
    expect((await call(authorizeUrl({ ...consentParams(), client_id: 'ported', redirect_uri: 'http://localhost:4001/cb' }))).status).toBe(400);
  });

  it('redirects with invalid_scope for an unknown scope', async () => {
    const page = await call(authorizeUrl(consentParams({ scope: 'spark:all spark:everything' })));
    expect(page.status).toBe(302);
    const location = new URL(page.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('state')).toBe('xyz-state');
  });

  describe('token endpoint', () => {
    const creds = () => seeded(sut);
    const code = (email: string, extra: { codeChallenge?: string; codeChallengeMethod?: string } = {}) =>
      sut.authorize({ clientId: creds().client_id, redirectUri: creds().redirect_uri, scope: 'spark:all', state: 's1', email, ...extra });

    it('control-API authorize yields the same redirect as Accept', () => {
      const { code: issued, location } = code('control@example.com');
      const url = new URL(location);
      expect(url.searchParams.get('code')).toBe(issued);
      expect(url.searchParams.get('state')).toBe('s1');
    });

    it('accepts a PKCE S256 verifier and refuses a wrong or missing one', async () => {
      const pair = pkcePair();
      const good = code('pkce@example.com', { codeChallenge: pair.challenge, codeChallengeMethod: 'S256' }).code;
      const ok = await postForm(tokenUrl(), { grant_type: 'authorization_code', code: good, code_verifier: pair.verifier, ...creds() });
      expect(ok.status).toBe(200);

      const wrong = code('pkce@example.com', { codeChallenge: pair.challenge, codeChallengeMethod: 'S256' }).code;
      const bad = await postForm(tokenUrl(), { grant_type: 'authorization_code', code: wrong, code_verifier: pkcePair().verifier, ...creds() });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('invalid_grant');

      const missing = code('pkce@example.com', { codeChallenge: pair.challenge, codeChallengeMethod: 'S256' }).code;
      const none = await postForm(tokenUrl(), { grant_type: 'authorization_code', code: missing, ...creds() });
      expect(none.body.error).toBe('invalid_grant');
    });

    it('uses a code only once', async () => {
      const once = code('once@example.com').code;
      expect((await postForm(tokenUrl(), { grant_type: 'authorization_code', code: once, ...creds() })).status).toBe(200);
      const again = await postForm(tokenUrl(), { grant_type: 'authorization_code', code: once, ...creds() });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String), message: expect.any(String), trackingId: expect.any(String) });
    });

    it('refuses a redirect_uri other than the one authorized', async () => {
      const c = code('redirect@example.com').code;
      const answer = await postForm(tokenUrl(), { grant_type: 'authorization_code', code: c, ...creds(), redirect_uri: sut.options.redirectUris[1] });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_grant');
    });

    it('takes client credentials by HTTP Basic and refuses a wrong secret', async () => {
      const { client_id, client_secret, redirect_uri } = creds();
      const basic = `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString('base64')}`;
      const ok = await postForm(tokenUrl(), { grant_type: 'authorization_code', code: code('basic@example.com').code, redirect_uri }, { authorization: basic });
      expect(ok.status).toBe(200);
      const wrong = `Basic ${Buffer.from(`${client_id}:not-the-secret`).toString('base64')}`;
      const refused = await postForm(tokenUrl(), { grant_type: 'authorization_code', code: code('basic@example.com').code, redirect_uri }, { authorization: wrong });
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('invalid_client');
    });

    it('refuses an unknown grant type', async () => {
      const answer = await postForm(tokenUrl(), { grant_type: 'password', ...creds() });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('unsupported_grant_type');
    });

    it('refreshes without rotation: a new access token and the same refresh token, counted in stats', async () => {
      const tokens = await tokensFor(sut, 'refresh@example.com');
      const before = sut.stats()['POST /access_token#refresh_token'] ?? 0;
      const first = await postForm(tokenUrl(), { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...creds() });
      const second = await postForm(tokenUrl(), { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...creds() });
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(first.body.refresh_token).toBe(tokens.refresh_token);
      expect(first.body.access_token).not.toBe(tokens.access_token);
      expect((await client(sut, first.body.access_token).get('/people/me')).status).toBe(200);
      expect(sut.stats()['POST /access_token#refresh_token']).toBe(before + 2);
      expect(sut.stats()['POST /access_token']).toBeGreaterThanOrEqual(before + 2);
    });

    it('answers 401 in Webex shape with a TrackingID for an unknown token', async () => {
      const answer = await client(sut, 'not-a-token').get('/people/me');
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        message: 'The request requires a valid access token set in the Authorization request header.',
        errors: [{ description: 'The request requires a valid access token set in the Authorization request header.' }],
        trackingId: answer.headers.get('trackingid'),
      });
      expect((await call(`${sut.baseUrl}/people/me`)).status).toBe(401);
    });
  });
});

describe('emulator OAuth with rotation and short lifetimes', () => {
  let sut: RunningEmulator;
  beforeAll(async () => {
    sut = await startEmulator({ port: 0, rotateRefreshTokens: true, accessTokenTtl: 1, refreshTokenTtl: 2 });
  });
  afterAll(() => sut.close());

  it('rotates refresh tokens: the new one works, the old one is invalid_grant at once', async () => {
    const tokens = await tokensFor(sut, 'rotate@example.com');
    const refreshed = await postForm(`${sut.baseUrl}/access_token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...seeded(sut) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    const old = await postForm(`${sut.baseUrl}/access_token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...seeded(sut) });
    expect(old.status).toBe(400);
    expect(old.body.error).toBe('invalid_grant');
    const next = await postForm(`${sut.baseUrl}/access_token`, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token, ...seeded(sut) });
    expect(next.status).toBe(200);
  });

  it('counts a rotated-away refresh token presented again as a reuse (a token spent twice), and nothing else as one', async () => {
    const reused = () => sut.stats()['POST /access_token#refresh_token_reused'] ?? 0;
    const before = reused();
    const tokens = await tokensFor(sut, 'reuse@example.com');
    const refresh = (token: string) => postForm(`${sut.baseUrl}/access_token`, { grant_type: 'refresh_token', refresh_token: token, ...seeded(sut) });
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
    expect((await refresh('never-issued')).status).toBe(400);
    expect(reused()).toBe(before);
    const again = await refresh(tokens.refresh_token);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect(reused()).toBe(before + 1);
  });

  it('expires access tokens (401) and refresh tokens (invalid_grant) after their lifetimes', async () => {
    const tokens = await tokensFor(sut, 'expiry@example.com');
    expect(tokens.expires_in).toBe(1);
    expect((await client(sut, tokens.access_token).get('/people/me')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await client(sut, tokens.access_token).get('/people/me')).status).toBe(401);
    const refreshed = await postForm(`${sut.baseUrl}/access_token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...seeded(sut) });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
  });
});
