import { startEmulator, type RunningEmulator } from './index';
import { client, tokensFor, type Client } from './spec-support';

describe('emulator resources', () => {
  let sut: RunningEmulator;
  let alice: Client;
  let bob: Client;
  let bobId: string;
  let aliceId: string;

  beforeAll(async () => {
    sut = await startEmulator({ port: 0 });
    const a = sut.createPerson({ email: 'alice@example.com', displayName: 'Alice A' });
    const b = sut.createPerson({ email: 'bob@example.com', displayName: 'Bob B' });
    alice = client(sut, a.accessToken);
    bob = client(sut, b.accessToken);
    aliceId = a.person.id;
    bobId = b.person.id;
  });
  afterAll(() => sut.close());

  describe('rooms', () => {
    it('creates, reads, updates, lists and deletes a room', async () => {
      const created = await alice.post('/rooms', { title: 'Sprint 0', description: 'work' });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ title: 'Sprint 0', type: 'group', isLocked: false, creatorId: aliceId });
      expect(Buffer.from(created.body.id, 'base64').toString()).toMatch(/^ciscospark:\/\/us\/ROOM\/[0-9a-f-]{36}$/);
      expect(created.headers.get('trackingid')).toMatch(/^ROUTER_/);

      const read = await alice.get(`/rooms/${created.body.id}`);
      expect(read.body).toEqual(created.body);

      const updated = await alice.put(`/rooms/${created.body.id}`, { title: 'Sprint 1' });
      expect(updated.status).toBe(200);
      expect(updated.body.title).toBe('Sprint 1');

      const list = await alice.get('/rooms');
      expect(list.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);

      const mine = await alice.get(`/memberships?roomId=${created.body.id}`);
      expect(mine.body.items).toEqual([expect.objectContaining({ personId: aliceId, isModerator: true })]);

      expect((await alice.del(`/rooms/${created.body.id}`)).status).toBe(204);
      expect((await alice.get(`/rooms/${created.body.id}`)).status).toBe(404);
    });

    it('hides rooms from people who are not members', async () => {
      const room = (await alice.post('/rooms', { title: 'Private' })).body;
      expect((await bob.get(`/rooms/${room.id}`)).status).toBe(404);
      expect((await bob.get('/rooms')).body.items.map((r: { id: string }) => r.id)).not.toContain(room.id);
    });

    it('answers 403 to a token without the write scope', async () => {
      const readOnly = client(sut, (await tokensFor(sut, 'reader@example.com', 'spark:rooms_read')).access_token);
      const refused = await readOnly.post('/rooms', { title: 'nope' });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ message: expect.any(String), errors: [{ description: expect.any(String) }], trackingId: expect.any(String) });
      expect((await readOnly.get('/rooms')).status).toBe(200);
    });

    it('requires a title', async () => {
      const answer = await alice.post('/rooms', { description: 'no title' });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toContain('title');
    });

    it('adds a member who then sees the room', async () => {
      const room = (await alice.post('/rooms', { title: 'Shared' })).body;
      const added = await alice.post('/memberships', { roomId: room.id, personEmail: 'bob@example.com' });
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({ roomId: room.id, personId: bobId, personEmail: 'bob@example.com', personDisplayName: 'Bob B', isModerator: false, roomType: 'group' });
      expect((await bob.get(`/rooms/${room.id}`)).status).toBe(200);
    });
  });
  describe('messages', () => {
    it('creates, reads, edits, lists newest first and deletes messages', async () => {
      const room = (await alice.post('/rooms', { title: 'Chat' })).body;
      const first = await alice.post('/messages', { roomId: room.id, text: 'one' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ roomId: room.id, roomType: 'group', text: 'one', personId: aliceId, personEmail: 'alice@example.com' });
      const second = (await alice.post('/messages', { roomId: room.id, markdown: `hi <@personEmail:bob@example.com|Bob>` })).body;
      expect(second.text).toBe('hi Bob');
      expect(second.mentionedPeople).toEqual([bobId]);

      expect((await alice.get(`/messages/${first.body.id}`)).body.text).toBe('one');
      const edited = await alice.put(`/messages/${first.body.id}`, { roomId: room.id, text: 'uno' });
      expect(edited.body).toMatchObject({ text: 'uno', updated: expect.any(String) });

      const list = await alice.get(`/messages?roomId=${room.id}`);
      expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([second.id, first.body.id]);
      expect((await alice.get('/messages')).status).toBe(400);
      expect((await bob.get(`/messages?roomId=${room.id}`)).status).toBe(404);
      expect((await bob.put(`/messages/${first.body.id}`, { roomId: room.id, text: 'x' })).status).toBe(404);

      expect((await alice.del(`/messages/${first.body.id}`)).status).toBe(204);
      expect((await alice.get(`/messages/${first.body.id}`)).status).toBe(404);
    });

    it('filters by mentionedPeople=me and beforeMessage', async () => {
      const room = (await alice.post('/rooms', { title: 'Mentions' })).body;
      await alice.post('/memberships', { roomId: room.id, personId: bobId });
      const plain = (await alice.post('/messages', { roomId: room.id, text: 'plain' })).body;
      const mention = (await alice.post('/messages', { roomId: room.id, markdown: `<@personId:${bobId}|Bob> look` })).body;
      const mine = await bob.get(`/messages?roomId=${room.id}&mentionedPeople=me`);
      expect(mine.body.items.map((m: { id: string }) => m.id)).toEqual([mention.id]);
      const older = await bob.get(`/messages?roomId=${room.id}&beforeMessage=${mention.id}`);
      expect(older.body.items.map((m: { id: string }) => m.id)).toEqual([plain.id]);
    });

    it('sends direct messages that both people see in one 1:1 room', async () => {
      const sent = await alice.post('/messages', { toPersonEmail: 'bob@example.com', text: 'psst' });
      expect(sent.body).toMatchObject({ roomType: 'direct', toPersonEmail: 'bob@example.com' });
      const again = await alice.post('/messages', { toPersonId: bobId, text: 'again' });
      expect(again.body.roomId).toBe(sent.body.roomId);
      const direct = await bob.get(`/messages/direct?personEmail=alice@example.com`);
      expect(direct.body.items.map((m: { text: string }) => m.text)).toEqual(['again', 'psst']);
      const room = await bob.get(`/rooms/${sent.body.roomId}`);
      expect(room.body).toMatchObject({ type: 'direct', title: 'Alice A' });
    });
  });

  describe('memberships', () => {
    it('lists by person, updates moderator and deletes a membership', async () => {
      const room = (await alice.post('/rooms', { title: 'Members' })).body;
      const added = (await alice.post('/memberships', { roomId: room.id, personId: bobId })).body;
      expect((await alice.post('/memberships', { roomId: room.id, personId: bobId })).status).toBe(409);
      const byEmail = await alice.get(`/memberships?roomId=${room.id}&personEmail=bob@example.com`);
      expect(byEmail.body.items.map((m: { id: string }) => m.id)).toEqual([added.id]);
      expect((await alice.get(`/memberships?personId=${bobId}`)).status).toBe(400);
      expect((await alice.get(`/memberships/${added.id}`)).body.personId).toBe(bobId);
      const promoted = await alice.put(`/memberships/${added.id}`, { isModerator: true });
      expect(promoted.body.isModerator).toBe(true);
      expect((await alice.del(`/memberships/${added.id}`)).status).toBe(204);
      expect((await bob.get(`/rooms/${room.id}`)).status).toBe(404);
    });
  });

  describe('people', () => {
    it('lets anyone look people up by email or name, but not list everyone', async () => {
      const byEmail = await bob.get('/people?email=alice@example.com');
      expect(byEmail.body.items).toEqual([expect.objectContaining({ id: aliceId, displayName: 'Alice A', emails: ['alice@example.com'] })]);
      const byName = await bob.get('/people?displayName=ali');
      expect(byName.body.items.map((p: { id: string }) => p.id)).toEqual([aliceId]);
      expect((await bob.get('/people')).status).toBe(400);
      expect((await bob.get(`/people/${aliceId}`)).body.id).toBe(aliceId);
      expect((await bob.post('/people', { emails: ['x@example.com'] })).status).toBe(403);
    });

    it('lets an admin create, update, list and delete people', async () => {
      const admin = client(sut, sut.createPerson({ email: 'admin@example.com', displayName: 'Admin', roles: ['admin'] }).accessToken);
      const created = await admin.post('/people', { emails: ['carol@example.com'], displayName: 'Carol' });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ emails: ['carol@example.com'], displayName: 'Carol', roles: [], licenses: expect.any(Array) });
      expect((await admin.post('/people', { emails: ['carol@example.com'] })).status).toBe(409);
      const updated = await admin.put(`/people/${created.body.id}`, { displayName: 'Carol C' });
      expect(updated.body.displayName).toBe('Carol C');
      const all = await admin.get('/people');
      expect(all.body.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([aliceId, bobId, created.body.id]));
      expect((await admin.del(`/people/${created.body.id}`)).status).toBe(204);
      expect((await admin.get(`/people/${created.body.id}`)).status).toBe(404);
    });
  });

  describe('teams', () => {
    it('creates a team with its General room and manages team memberships', async () => {
      const team = await alice.post('/teams', { name: 'Unicorns', description: 'the team' });
      expect(team.status).toBe(200);
      const rooms = await alice.get(`/rooms?teamId=${team.body.id}`);
      expect(rooms.body.items).toEqual([expect.objectContaining({ title: 'Unicorns', teamId: team.body.id })]);
      expect((await alice.get(`/teams/${team.body.id}`)).body.name).toBe('Unicorns');
      expect((await alice.put(`/teams/${team.body.id}`, { name: 'Pegasi' })).body.name).toBe('Pegasi');
      expect((await alice.get('/teams')).body.items.map((t: { id: string }) => t.id)).toContain(team.body.id);

      const tm = await alice.post('/team/memberships', { teamId: team.body.id, personEmail: 'bob@example.com' });
      expect(tm.body).toMatchObject({ teamId: team.body.id, personId: bobId, isModerator: false });
      expect((await bob.get(`/rooms/${rooms.body.items[0].id}`)).status).toBe(200);
      const members = await alice.get(`/team/memberships?teamId=${team.body.id}`);
      expect(members.body.items).toHaveLength(2);
      expect((await alice.get('/team/memberships')).status).toBe(400);
      expect((await alice.put(`/team/memberships/${tm.body.id}`, { isModerator: true })).body.isModerator).toBe(true);
      expect((await alice.get(`/team/memberships/${tm.body.id}`)).body.isModerator).toBe(true);
      expect((await alice.del(`/team/memberships/${tm.body.id}`)).status).toBe(204);
      expect((await bob.get(`/teams/${team.body.id}`)).status).toBe(404);
      expect((await alice.del(`/teams/${team.body.id}`)).status).toBe(204);
      expect((await alice.get(`/rooms/${rooms.body.items[0].id}`)).status).toBe(404);
    });
  });

  describe('webhooks', () => {
    it('creates, reads, updates, lists and deletes webhooks owned by their creator', async () => {
      const created = await alice.post('/webhooks', { name: 'hook', targetUrl: 'http://127.0.0.1:9/hook', resource: 'messages', event: 'created', filter: 'roomId=abc', secret: 's3cret' });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ name: 'hook', resource: 'messages', event: 'created', filter: 'roomId=abc', status: 'active', createdBy: aliceId, ownedBy: 'creator' });
      expect((await alice.get(`/webhooks/${created.body.id}`)).body.id).toBe(created.body.id);
      expect((await bob.get(`/webhooks/${created.body.id}`)).status).toBe(404);
      const updated = await alice.put(`/webhooks/${created.body.id}`, { name: 'renamed', targetUrl: 'http://127.0.0.1:9/other', status: 'inactive' });
      expect(updated.body).toMatchObject({ name: 'renamed', targetUrl: 'http://127.0.0.1:9/other', status: 'inactive' });
      expect((await alice.get('/webhooks')).body.items.map((w: { id: string }) => w.id)).toEqual([created.body.id]);
      expect((await alice.post('/webhooks', { name: 'bad', targetUrl: 'not a url', resource: 'messages', event: 'created' })).status).toBe(400);
      expect((await alice.post('/webhooks', { name: 'bad', targetUrl: 'http://x', resource: 'spaceships', event: 'created' })).status).toBe(400);
      expect((await alice.del(`/webhooks/${created.body.id}`)).status).toBe(204);
      expect((await alice.get(`/webhooks/${created.body.id}`)).status).toBe(404);
    });
  });

  describe('attachment actions, room tabs and compliance events', () => {
    it('submits and reads an attachment action on a visible message', async () => {
      const room = (await alice.post('/rooms', { title: 'Cards' })).body;
      const card = (await alice.post('/messages', { roomId: room.id, text: 'card', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: {} }] })).body;
      const action = await alice.post('/attachment/actions', { type: 'submit', messageId: card.id, inputs: { Name: 'A' } });
      expect(action.status).toBe(202);
      expect(action.body).toMatchObject({ type: 'submit', messageId: card.id, roomId: room.id, personId: aliceId, inputs: { Name: 'A' } });
      expect((await alice.get(`/attachment/actions/${action.body.id}`)).body.id).toBe(action.body.id);
      expect((await bob.get(`/attachment/actions/${action.body.id}`)).status).toBe(404);
      expect((await alice.post('/attachment/actions', { type: 'submit', messageId: card.id })).status).toBe(400);
    });

    it('creates, reads, updates, lists and deletes room tabs', async () => {
      const room = (await alice.post('/rooms', { title: 'Tabs' })).body;
      const tab = await alice.post('/room/tabs', { roomId: room.id, contentUrl: 'https://example.com/board', displayName: 'Board' });
      expect(tab.body).toMatchObject({ roomId: room.id, roomType: 'group', displayName: 'Board', creatorId: aliceId });
      expect((await alice.get(`/room/tabs/${tab.body.id}`)).body.contentUrl).toBe('https://example.com/board');
      const updated = await alice.put(`/room/tabs/${tab.body.id}`, { roomId: room.id, contentUrl: 'https://example.com/b2', displayName: 'Board 2' });
      expect(updated.body.displayName).toBe('Board 2');
      expect((await alice.get(`/room/tabs?roomId=${room.id}`)).body.items.map((t: { id: string }) => t.id)).toEqual([tab.body.id]);
      expect((await alice.get('/room/tabs')).status).toBe(400);
      expect((await alice.del(`/room/tabs/${tab.body.id}`)).status).toBe(204);
      expect((await alice.get(`/room/tabs/${tab.body.id}`)).status).toBe(404);
    });

    it('shows compliance events to a compliance officer only', async () => {
      const officer = client(sut, sut.createPerson({ email: 'officer@example.com', roles: ['compliance_officer'] }).accessToken);
      const room = (await alice.post('/rooms', { title: 'Audited' })).body;
      const message = (await alice.post('/messages', { roomId: room.id, text: 'audit me' })).body;
      const events = await officer.get(`/events?resource=messages&type=created&actorId=${aliceId}`);
      expect(events.status).toBe(200);
      const event = events.body.items.find((e: { data: { id: string } }) => e.data.id === message.id);
      expect(event).toMatchObject({ resource: 'messages', type: 'created', actorId: aliceId, data: { text: 'audit me', roomId: room.id } });
      expect((await officer.get(`/events/${event.id}`)).body.id).toBe(event.id);
      expect((await alice.get('/events')).status).toBe(403);
    });
  });

  describe('organizations, licenses and roles', () => {
    it('lets an admin read the directory and refuses others', async () => {
      const admin = client(sut, sut.createPerson({ email: 'boss@example.com', roles: ['admin'] }).accessToken);
      const orgs = await admin.get('/organizations');
      expect(orgs.body.items).toHaveLength(1);
      expect((await admin.get(`/organizations/${orgs.body.items[0].id}`)).body.displayName).toBe('Emulated Organization');
      const licenses = await admin.get('/licenses');
      expect(licenses.body.items.length).toBeGreaterThan(0);
      expect((await admin.get(`/licenses/${licenses.body.items[0].id}`)).body.consumedByUsers).toBeGreaterThan(0);
      const roles = await admin.get('/roles');
      const full = roles.body.items.find((r: { name: string }) => r.name === 'Full Administrator');
      expect((await admin.get(`/roles/${full.id}`)).body.name).toBe('Full Administrator');
      expect((await alice.get('/licenses')).status).toBe(403);
      expect((await alice.get('/roles')).status).toBe(403);
      expect((await admin.get('/roles/nope')).status).toBe(404);
    });
  });
});
