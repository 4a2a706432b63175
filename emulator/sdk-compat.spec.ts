import { fetch } from 'undici';
import { TOKEN_FORMAT } from './ids';
import { startEmulator, type RunningEmulator } from './index';
import { call, client, tokensFor, type Client } from './spec-support';

/** What the official SDK and bot framework rely on beyond the OpenAPI documents. */
describe('emulator as the official Webex SDK expects it', () => {
  let sut: RunningEmulator;
  let alice: Client;
  let token: string;

  beforeAll(async () => {
    sut = await startEmulator({ port: 0 });
    token = sut.createPerson({ email: 'alice@example.com', displayName: 'Alice' }).accessToken;
    alice = client(sut, token);
  });
  afterAll(() => sut.close());

  it('issues every kind of token as <body>_<cluster>_<org uuid>, three parts when split on _', async () => {
    const grant = await tokensFor(sut, 'grant@example.com');
    const tokens = [
      grant.access_token,
      grant.refresh_token,
      sut.createBot({ displayName: 'Format Bot' }).accessToken,
      ...Array.from({ length: 200 }, (_, i) => sut.createPerson({ email: `p${i}@example.com` }).accessToken),
    ];
    for (const t of tokens) {
      expect(t).toMatch(TOKEN_FORMAT);
      expect(t.split('_')).toHaveLength(3);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens[0].split('_')[2]).toBe(sut.emulator.store.orgUuid);
  });

  it('accepts a trailing slash where Webex does', async () => {
    const me = (await alice.get('/people/me')).body;
    const batch = await alice.get(`/people/?id=${me.id}`);
    expect(batch.status).toBe(200);
    expect(batch.body.items.map((p: { id: string }) => p.id)).toEqual([me.id]);
    expect((await alice.get('/people/me/')).body.id).toBe(me.id);
    expect((await alice.post('/rooms/', { title: 'slash' })).status).toBe(200);
  });

  it('answers a wrong method on a known path with 405, Allow and a Webex error body', async () => {
    const rooms = await call(`${sut.baseUrl}/rooms`, { method: 'PATCH', token });
    expect(rooms.status).toBe(405);
    expect(rooms.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(rooms.body).toEqual({ message: expect.any(String), errors: [{ description: rooms.body.message }], trackingId: rooms.headers.get('trackingid') });
    const room = await call(`${sut.baseUrl}/rooms/Y2lzY29zcGFyazovL3VzL1JPT00veA/`, { method: 'POST', token });
    expect(room.status).toBe(405);
    expect(room.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE');
    expect((await call(`${sut.baseUrl}/meetings`, { method: 'PATCH', token })).status).toBe(404);
    expect((await call(`${sut.baseUrl}/nothing-here`, { token })).status).toBe(404);
  });

  it('invites an unknown email added to a room: the person is created and becomes a member', async () => {
    const room = (await alice.post('/rooms', { title: 'Invite' })).body;
    const added = await alice.post('/memberships', { roomId: room.id, personEmail: 'Newcomer@Example.com' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ roomId: room.id, personEmail: 'newcomer@example.com' });
    const person = (await alice.get('/people?email=newcomer@example.com')).body.items[0];
    expect(person).toMatchObject({ id: added.body.personId, type: 'person', emails: ['newcomer@example.com'] });
    expect((await alice.post('/memberships', { roomId: room.id, personEmail: 'not-an-email' })).status).toBe(400);
    // A team membership by unknown email still needs the person to exist.
    const team = (await alice.post('/teams', { name: 'T' })).body;
    expect((await alice.post('/team/memberships', { teamId: team.id, personEmail: 'stranger@example.com' })).status).toBe(404);
  });

  it('answers HEAD on a JSON operation like GET without the body', async () => {
    const head = await fetch(`${sut.baseUrl}/people/me`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});
