import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';

const MESSAGES = 1000;

/** Cursor paging: nextPage walks, page=N agrees with it, tokens cannot be forged or reused elsewhere. */
describe('hub paging', () => {
  let hub: TestHub;
  let ann: ConnectedInstance;
  let auth: string;
  let roomId: string;
  let otherRoomId: string;

  const messagesPath = (room: string) => `${API}/hubs/collaboration/channels/${room}/messages`;
  const getPage = (query: Record<string, string>, room = roomId, as = auth) => hub.http().get(messagesPath(room)).query(query).set('Authorization', as);

  /** Every message id of the room as Webex itself pages it (its own Link headers). */
  async function webexOrder(room: string): Promise<string[]> {
    const out: string[] = [];
    let url: string | undefined = `${hub.emulator.baseUrl}/messages?roomId=${encodeURIComponent(room)}&max=50`;
    while (url) {
      const res: Response = await fetch(url, { headers: { authorization: `Bearer ${ann.personToken}` } });
      out.push(...((await res.json()) as { items: Array<{ id: string }> }).items.map((m) => m.id));
      url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    return out;
  }

  async function post(room: string, text: string): Promise<void> {
    const res = await fetch(`${hub.emulator.baseUrl}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ann.personToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ roomId: room, text }),
    });
    if (res.status !== 200) throw new Error(`emulator answered ${res.status}`);
  }

  beforeAll(async () => {
    hub = await startHub();
    ann = await connectInstance(hub);
    auth = withElement(hub, ann.token);
    const room = await hub.http().post(`${API}/hubs/collaboration/channels`).set('Authorization', auth).send({ title: 'Busy' }).expect(200);
    roomId = room.body.id;
    const other = await hub.http().post(`${API}/hubs/collaboration/channels`).set('Authorization', auth).send({ title: 'Other' }).expect(200);
    otherRoomId = other.body.id;
    // In order (Webex sorts by creation), ten at a time.
    for (let i = 0; i < MESSAGES; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => post(roomId, `message ${i + j}`)));
    await post(otherRoomId, 'elsewhere');
  }, 60_000);
  afterAll(() => hub.close());

  it('walks 1,000 messages with pageSize=50 and nextPage: each once, in order, the set Webex returns', async () => {
    const seen: string[] = [];
    const pages: string[][] = [];
    let nextPage: string | undefined;
    do {
      const res = await getPage({ pageSize: '50', ...(nextPage && { nextPage }) }).expect(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.headers['elements-returned-count']).toBe(String(res.body.length));
      pages.push(res.body.map((m: { id: string }) => m.id));
      seen.push(...pages[pages.length - 1]);
      nextPage = res.headers['elements-next-page-token'];
    } while (nextPage);
    expect(pages).toHaveLength(MESSAGES / 50);
    expect(pages.every((p) => p.length === 50)).toBe(true);
    expect(new Set(seen).size).toBe(MESSAGES);
    expect(seen).toEqual(await webexOrder(roomId));

    // page=N with the same pageSize gives the N-th page of the nextPage walk.
    for (const n of [1, 2, 7, 20]) {
      const res = await getPage({ pageSize: '50', page: String(n) }).expect(200);
      expect(res.body.map((m: { id: string }) => m.id)).toEqual(pages[n - 1]);
    }
    const pastTheEnd = await getPage({ pageSize: '50', page: '21' }).expect(200);
    expect(pastTheEnd.body).toEqual([]);
    expect(pastTheEnd.headers['elements-returned-count']).toBe('0');
    expect(pastTheEnd.headers['elements-next-page-token']).toBeUndefined();
    // And a page=N answer continues with nextPage where the walk would.
    const third = await getPage({ pageSize: '50', page: '3' }).expect(200);
    const fourth = await getPage({ pageSize: '50', nextPage: third.headers['elements-next-page-token'] }).expect(200);
    expect(fourth.body.map((m: { id: string }) => m.id)).toEqual(pages[3]);
  }, 60_000);

  it('defaults pageSize to pagination.max (100) and caps it there', async () => {
    const res = await getPage({}).expect(200);
    expect(res.body).toHaveLength(100);
    const capped = await getPage({ pageSize: '5000' }).expect(200);
    expect(capped.body).toHaveLength(100);
  });

  describe('a nextPage the hub did not issue for this call is a 400 that never reaches Webex', () => {
    let token: string;
    beforeAll(async () => {
      token = (await getPage({ pageSize: '10' }).expect(200)).headers['elements-next-page-token'];
      expect(token).toEqual(expect.any(String));
    });

    async function refused(query: Record<string, string>, room = roomId, as = auth): Promise<string> {
      const before = hub.emulator.stats()['GET /messages'] ?? 0;
      const res = await getPage(query, room, as).expect(400);
      expect(hub.emulator.stats()['GET /messages'] ?? 0).toBe(before);
      return res.body.message;
    }

    it('altered: any character changed, or cut short', async () => {
      for (let at = 0; at < token.length; at++) {
        const altered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
        expect(await refused({ nextPage: altered })).toMatch(/not a token this hub issued/);
      }
      expect(await refused({ nextPage: token.slice(0, -4) })).toMatch(/not a token this hub issued/);
    });

    it('garbage and forged', async () => {
      for (const nextPage of ['garbage', 'x'.repeat(300), '!!!', Buffer.from(`${hub.emulator.baseUrl}/messages?roomId=${otherRoomId}`).toString('base64url')]) {
        expect(await refused({ nextPage })).toMatch(/not a token this hub issued/);
      }
    });

    it('another resource, another where clause, another instance', async () => {
      expect(await refused({ nextPage: token }, otherRoomId)).toMatch(/another instance or resource/);
      const bob = await connectInstance(hub);
      expect(await refused({ nextPage: token }, roomId, withElement(hub, bob.token))).toMatch(/another instance or resource/);
      expect(await refused({ nextPage: token, where: "parentId = 'x'" })).toMatch(/another where clause/);
      expect(await refused({ nextPage: token, page: '2' })).toMatch(/page or nextPage, not both/);
    });

    it('expired', async () => {
      const realNow = Date.now;
      Date.now = () => realNow() + 2 * 60 * 60 * 1000;
      try {
        expect(await refused({ nextPage: token })).toMatch(/expired/);
      } finally {
        Date.now = realNow;
      }
      await getPage({ nextPage: token }).expect(200);
    });
  });
});
