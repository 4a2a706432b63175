import { API, startHub, TestHub } from '../support/hub';
import { createOrganization } from '../support/factories';
import { connectInstance } from '../support/recipe';

/** The application's side of connect sessions: what is refused before anything is stored, and who may read what. */
describe('POST /connect-sessions and its reads', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub?.close());

  const integration = () => ({ 'oauth.api.key': hub.emulator.options.clientId, 'oauth.api.secret': hub.emulator.options.clientSecret });
  const valid = () => ({ element: { key: 'ciscospark' }, configuration: integration(), returnUrl: 'https://app.example.com/back' });
  const post = (body: unknown, auth = hub.auth) => hub.http().post(`${API}/connect-sessions`).set('Authorization', auth).send(body as object);
  const stored = async () => ((await hub.dataSource().query(`SELECT count(*)::int AS n FROM connect_sessions`)) as { n: number }[])[0].n;

  it('creates a session with the defaults: 30 minutes, a url on the hub, PENDING', async () => {
    const before = Date.now();
    const created = (await post(valid()).expect(200)).body;
    expect(Object.keys(created).sort()).toEqual(['expiresAt', 'id', 'url']);
    expect(created.url).toMatch(/\/elements\/api-v2\/connect\?token=[\w-]{43}$/);
    expect(Date.parse(created.expiresAt) - before).toBeGreaterThanOrEqual(1800_000 - 5_000);
    expect(Date.parse(created.expiresAt) - before).toBeLessThanOrEqual(1800_000 + 5_000);
    const read = (await hub.http().get(`${API}/connect-sessions/${created.id}`).set('Authorization', hub.auth).expect(200)).body;
    expect(read).toEqual({ id: created.id, status: 'PENDING', expiresAt: created.expiresAt });
    // The integration's secret is sealed, not stored as sent.
    expect(await hub.dump()).not.toContain(hub.emulator.options.clientSecret);
  });

  it.each([
    ['neither an element nor an instance', { configuration: {}, returnUrl: 'https://app.example.com/' }, /element\.key.*instanceId/],
    ['both an element and an instance', { ...{ element: { key: 'ciscospark' } }, instanceId: 1, returnUrl: 'https://app.example.com/' }, /leave out element/],
    ['no returnUrl', { element: { key: 'ciscospark' } }, /returnUrl/],
    ['a relative returnUrl', { element: { key: 'ciscospark' }, returnUrl: '/back' }, /returnUrl must be an absolute http\(s\) URL/],
    ['a javascript: returnUrl', { element: { key: 'ciscospark' }, returnUrl: 'javascript:alert(1)' }, /returnUrl/],
    ['expiresIn below a minute', { element: { key: 'ciscospark' }, returnUrl: 'https://a.example.com/', expiresIn: 5 }, /expiresIn/],
    ['expiresIn above a day', { element: { key: 'ciscospark' }, returnUrl: 'https://a.example.com/', expiresIn: 86_401 }, /expiresIn/],
    ['expiresIn as text', { element: { key: 'ciscospark' }, returnUrl: 'https://a.example.com/', expiresIn: '600' }, /expiresIn/],
    ['scopes not a list of scope names', { element: { key: 'ciscospark' }, returnUrl: 'https://a.example.com/', scopes: ['spark:all', 'x y'] }, /scope/],
    ['an unknown element', { element: { key: 'slack' }, returnUrl: 'https://a.example.com/' }, /Element slack not found/],
    ['events on without a callback', { element: { key: 'ciscospark' }, returnUrl: 'https://a.example.com/', configuration: { 'event.notification.enabled': true } }, /callback/],
    ['no integration and no hub default', { element: { key: 'ciscospark' }, returnUrl: 'https://a.example.com/', configuration: {} }, /oauth\.api\.key/],
    ['a configuration that is a list', { element: { key: 'ciscospark' }, returnUrl: 'https://a.example.com/', configuration: ['a'] }, /configuration/],
  ])('refuses %s with a 4xx and the error body, storing nothing', async (_name, body, message) => {
    const before = await stored();
    const res = await post({ configuration: integration(), ...body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({ requestId: expect.any(String), code: expect.any(String), message: expect.stringMatching(message) });
    expect(await stored()).toBe(before);
  });

  it('refuses malformed JSON, NUL bytes and lone surrogates with a 400', async () => {
    const raw = (text: string) => hub.http().post(`${API}/connect-sessions`).set('Authorization', hub.auth).set('content-type', 'application/json').send(text);
    await raw('{"element":').expect(400);
    await raw(JSON.stringify({ ...valid(), name: 'a\u0000b' })).expect(400);
    await raw(`{"element":{"key":"ciscospark"},"returnUrl":"https://a.example.com/","name":"\\ud800"}`).expect(400);
  });

  it('re-authorizes only an instance of the caller that has an integration', async () => {
    const instance = await connectInstance(hub);
    const created = (await post({ instanceId: instance.id, returnUrl: 'https://app.example.com/back' }).expect(200)).body;
    expect((await hub.http().get(`${API}/connect-sessions/${created.id}`).set('Authorization', hub.auth).expect(200)).body).toMatchObject({ status: 'PENDING', instanceId: instance.id });
    expect((await post({ instanceId: 999_999, returnUrl: 'https://app.example.com/back' }).expect(404)).body.message).toBe('Instance 999999 not found');
    const other = await createOrganization(hub);
    await post({ instanceId: instance.id, returnUrl: 'https://app.example.com/back' }, other.auth).expect(404);
    const { accessToken } = hub.emulator.createBot({ displayName: 'Link Bot' });
    const bot = await hub.http().post(`${API}/instances`).set('Authorization', hub.auth).send({ element: { key: 'ciscospark' }, externalAuthentication: 'token', providerData: { accessToken }, configuration: {} }).expect(200);
    expect((await post({ instanceId: bot.body.id, returnUrl: 'https://app.example.com/back' }).expect(400)).body.code).toBe('CONNECT_NOT_REAUTHORIZABLE');
  });

  it('answers 404 for an unknown or foreign session, 400 for a malformed id, 409 for a redeem before the end user connected, 401 without credentials', async () => {
    const created = (await post(valid()).expect(200)).body;
    const other = await createOrganization(hub, 'Third organization');
    await hub.http().get(`${API}/connect-sessions/${created.id}`).set('Authorization', other.auth).expect(404);
    await hub.http().post(`${API}/connect-sessions/${created.id}/redeem`).set('Authorization', other.auth).expect(404);
    const unknown = await hub.http().get(`${API}/connect-sessions/00000000-0000-4000-8000-000000000000`).set('Authorization', hub.auth).expect(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', message: 'Connect session 00000000-0000-4000-8000-000000000000 not found' });
    expect((await hub.http().get(`${API}/connect-sessions/42`).set('Authorization', hub.auth).expect(400)).body.code).toBe('INVALID_ID');
    await hub.http().post(`${API}/connect-sessions/%00/redeem`).set('Authorization', hub.auth).expect(400);
    const early = await hub.http().post(`${API}/connect-sessions/${created.id}/redeem`).set('Authorization', hub.auth).expect(409);
    expect(early.body).toMatchObject({ code: 'CONNECT_NOT_REDEEMABLE', message: expect.stringMatching(/is PENDING/) });
    await hub.http().get(`${API}/connect-sessions/${created.id}`).expect(401);
  });

  it("opens the link's start page with the browser cookie, and keeps the link's key out of the logs", async () => {
    const created = (await post(valid()).expect(200)).body;
    const key = new URL(created.url).searchParams.get('token')!;
    const page = await hub.http().get(`${API}/connect`).query({ token: key }).expect(200);
    expect(page.text).toContain('Continue to Webex');
    expect(page.headers['set-cookie']?.[0]).toMatch(/^hub_connect=[\w-]{43}; Path=\/elements\/api-v2\/connect; Max-Age=86400; HttpOnly; SameSite=Lax$/);
    const logs = hub.logs.join('');
    expect(logs).toContain('/elements/api-v2/connect?token=[REDACTED]');
    expect(logs).not.toContain(key);
  });

  it('shows a page, not a stack, for an unknown or missing link and a bare callback', async () => {
    const unknown = await hub.http().get(`${API}/connect`).query({ token: 'nope' }).expect(404);
    expect(unknown.headers['content-type']).toMatch(/text\/html/);
    expect(unknown.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(unknown.text).toContain('Link not found');
    await hub.http().get(`${API}/connect`).expect(404);
    await hub.http().post(`${API}/connect`).type('form').send({ token: 'nope' }).expect(404);
    const bare = await hub.http().get(`${API}/connect/oauth/callback`).expect(400);
    expect(bare.text).toContain('Sign-in not recognized');
  });
});
