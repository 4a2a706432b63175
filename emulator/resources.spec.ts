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
});
