import { fetch } from 'undici';
import { startEmulator, type RunningEmulator } from './index';
import { call, client, postForm, type Client } from './spec-support';

describe('emulator bad input', () => {
  let sut: RunningEmulator;
  let token: string;
  let alice: Client;

  beforeAll(async () => {
    sut = await startEmulator({ port: 0 });
    token = sut.createPerson({ email: 'alice@example.com' }).accessToken;
    alice = client(sut, token);
  });
  afterAll(() => sut.close());
  // Whatever came before, the emulator must still be serving.
  afterEach(async () => expect((await alice.get('/people/me')).status).toBe(200));

  const webexError = { message: expect.any(String), errors: [{ description: expect.any(String) }], trackingId: expect.stringMatching(/^ROUTER_/) };

  async function raw(path: string, method: string, body: string, contentType: string) {
    const res = await fetch(`${sut.baseUrl}${path}`, { method, body, headers: { authorization: `Bearer ${token}`, 'content-type': contentType } });
    return { status: res.status, body: await res.json() };
  }

  it('answers malformed JSON with 400 in Webex shape', async () => {
    const answer = await raw('/rooms', 'POST', '{"title": ', 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(webexError);
  });

  it.each([
    ['an array body', '[1,2]'],
    ['a string body', '"title"'],
    ['a wrong field type', '{"title": 5}'],
    ['a missing required field', '{}'],
  ])('answers %s with 400', async (_name, body) => {
    const answer = await raw('/rooms', 'POST', body, 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(webexError);
  });

  it('answers an unsupported media type with 415', async () => {
    const answer = await raw('/rooms', 'POST', 'title=x', 'text/csv');
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual(webexError);
  });

  it.each(['/rooms/nope', '/messages/Y2lzY29zcGFyazovL3VzL01FU1NBR0UveA', '/people/nope', '/teams/nope', '/webhooks/nope', '/memberships/nope', '/no/such/path'])(
    'answers an unknown id or path (%s) with 404',
    async (path) => {
      const answer = await alice.get(path);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(webexError);
    },
  );

  it('answers a token request without grant_type or with a bad body as an OAuth error', async () => {
    const missing = await postForm(`${sut.baseUrl}/access_token`, { client_id: sut.options.clientId });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'invalid_request', error_description: expect.any(String) });
    const broken = await call(`${sut.baseUrl}/access_token`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
  });

  it('answers bad control-API input with 400', async () => {
    expect((await call(`${sut.origin}/_emulator/people`, { method: 'POST', json: {} })).status).toBe(400);
    expect((await call(`${sut.origin}/_emulator/people`, { method: 'POST', json: { email: 'r@example.com', roles: ['emperor'] } })).status).toBe(400);
    const authorize = await call(`${sut.origin}/_emulator/authorize`, { method: 'POST', json: { clientId: 'nope', redirectUri: 'http://x', scope: 'spark:all', email: 'a@example.com' } });
    expect(authorize.status).toBe(400);
    expect((await call(`${sut.origin}/_emulator/integrations`, { method: 'POST', json: { clientId: 'x' } })).status).toBe(400);
  });
});
