import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';

type Room = { id: string; title: string; type: string; teamId?: string; isLocked: boolean; created: string; description?: string };
type Message = { id: string; text: string };

const ROOMS = 150;
/** More than the hub reads for one request (2000 items), so a sort over it cannot be done. */
const MESSAGES = 2050;

/**
 * CEQL on hub calls against the emulator: every result set is checked against what the test gets
 * by reading the whole list from the emulator itself and filtering it with plain predicates.
 */
describe('hub CEQL: where, orderBy and fields', () => {
  let hub: TestHub;
  let ann: ConnectedInstance;
  let auth: string;
  let teamId: string;
  let busyRoomId: string;
  let rooms: Room[];

  const webex = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${hub.emulator.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ann.personToken}`, 'content-type': 'application/json' },
      ...(body && { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`emulator answered ${res.status} to ${method} ${path}`);
    return res;
  };
  /** The whole list, as Webex pages it, straight from the emulator. */
  async function everything<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    let url: string | undefined = `${hub.emulator.baseUrl}${path}`;
    while (url) {
      const res: Response = await fetch(url, { headers: { authorization: `Bearer ${ann.personToken}` } });
      out.push(...((await res.json()) as { items: T[] }).items);
      url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    return out;
  }
  const hubList = (path: string, query: Record<string, string>) => hub.http().get(`${API}/hubs/collaboration/${path}`).query(query).set('Authorization', auth);
  /** Every page of a hub list, following elements-next-page-token. */
  async function allPages<T>(path: string, query: Record<string, string>): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let pages = 0;
    let nextPage: string | undefined;
    do {
      const res = await hubList(path, { ...query, ...(nextPage && { nextPage }) });
      if (res.status !== 200) throw new Error(`${path} ${JSON.stringify(query)} answered ${res.status}: ${JSON.stringify(res.body)}`);
      expect(res.headers['elements-returned-count']).toBe(String(res.body.length));
      expect(res.body.length).toBeLessThanOrEqual(Number(query.pageSize ?? 100));
      items.push(...res.body);
      nextPage = res.headers['elements-next-page-token'];
      if (++pages > 500) throw new Error('paging does not end');
    } while (nextPage);
    return { items, pages };
  }
  const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

  beforeAll(async () => {
    hub = await startHub();
    ann = await connectInstance(hub);
    auth = withElement(hub, ann.token);
    teamId = ((await (await webex('POST', '/teams', { name: 'Launch team' })).json()) as { id: string }).id;
    const words = ['Launch', 'launch plan', 'alpha', 'Moon', 'mars', 'relaunch', 'Pluto'];
    for (let i = 0; i < ROOMS; i++) {
      const title = `${words[i % words.length]} ${i}`;
      await webex('POST', '/rooms', { title, ...(i % 5 === 0 && { teamId }), ...(i % 11 === 0 && { isLocked: true }), ...(i % 13 === 0 && { isPublic: true, description: 'open' }) });
    }
    for (const email of ['bea@example.com', 'cy@example.com']) {
      hub.emulator.createPerson({ email, displayName: `Launch buddy ${email}` });
      await webex('POST', '/messages', { toPersonEmail: email, text: 'hi' });
    }
    rooms = await everything<Room>('/rooms?max=1000');
    expect(rooms.length).toBe(ROOMS + 3); // the team's own room too
    busyRoomId = rooms.find((room) => room.title === 'alpha 2')!.id;
    for (let i = 0; i < MESSAGES; i += 25) await Promise.all(Array.from({ length: Math.min(25, MESSAGES - i) }, (_, j) => webex('POST', '/messages', { roomId: busyRoomId, text: `message ${i + j}` })));
  }, 120_000);
  afterAll(() => hub?.close());

  const created = (i: number) => Date.parse(rooms[i].created);
  // Each case says whether the emulator's rooms hold matches, so no case passes by matching nothing.
  const cases: Array<[string, (room: Room) => boolean, 'some' | 'none']> = [
    ["title LIKE '%launch%' AND type = 'group'", (r) => r.type === 'group' && r.title.toLowerCase().includes('launch'), 'some'],
    ["title LIKE 'launch%'", (r) => r.title.toLowerCase().startsWith('launch'), 'some'],
    ["type = 'direct' OR title LIKE '%_9'", (r) => r.type === 'direct' || (r.title.length >= 2 && r.title.endsWith('9')), 'some'],
    [`teamId = '{team}'`, (r) => r.teamId === teamId, 'some'],
    ["teamId IS NULL AND type = 'group'", (r) => r.teamId === undefined && r.type === 'group', 'some'],
    ['teamId IS NOT NULL', (r) => r.teamId !== undefined, 'some'],
    ["NOT title LIKE '%launch%' AND type = 'group'", (r) => r.type === 'group' && !r.title.toLowerCase().includes('launch'), 'some'],
    ["title IN ('Launch 7', 'alpha 2', 'nothing')", (r) => ['Launch 7', 'alpha 2', 'nothing'].includes(r.title), 'some'],
    ["title NOT IN ('Launch 7', 'alpha 2')", (r) => !['Launch 7', 'alpha 2'].includes(r.title), 'some'],
    ["title != 'Moon 3'", (r) => r.title !== 'Moon 3', 'some'],
    ["title >= 'M' AND title < 'Pluto 20'", (r) => r.title >= 'M' && r.title < 'Pluto 20', 'some'],
    ['isLocked = true', (r) => r.isLocked === true, 'some'],
    ["isLocked = false AND (type = 'direct' OR teamId = '{team}')", (r) => r.isLocked === false && (r.type === 'direct' || r.teamId === teamId), 'some'],
    ['description IS NOT NULL', (r) => r.description !== undefined, 'some'],
    ["created > '{created:100}'", (r) => Date.parse(r.created) > created(100), 'some'],
    ["(title LIKE 'mars%' OR title LIKE 'moon%') AND NOT (teamId IS NOT NULL OR isLocked = true)", (r) => /^(mars|moon)/i.test(r.title) && r.teamId === undefined && r.isLocked === false, 'some'],
    // SQL's nulls: a condition on an absent field is unknown, and so is NOT of it.
    ["NOT teamId = '{team}'", (r) => r.teamId !== undefined && r.teamId !== teamId, 'none'],
    ["NOT (teamId = '{team}' OR isLocked = true)", (r) => r.teamId !== undefined && r.teamId !== teamId && r.isLocked === false, 'none'],
    ["title = 'no such room'", () => false, 'none'],
  ];

  it.each(cases)('where %s: the rooms a filter of the whole Webex list gives, each once, in Webex order, over pages of 7', async (template, predicate, some) => {
    const where = template.replace(/\{team\}/g, teamId).replace(/\{created:(\d+)\}/, (_, i: string) => rooms[Number(i)].created);
    const expected = ids(rooms.filter(predicate));
    expect(expected.length > 0).toBe(some === 'some');
    const { items } = await allPages<Room>('channels', { where, pageSize: '7' });
    expect(ids(items)).toEqual(expected);
    // The same with one page as large as the list: the set does not depend on the paging.
    expect(ids((await allPages<Room>('rooms', { where, pageSize: '100' })).items)).toEqual(expected);
  });

  it('sends Webex what it filters exactly: a plain parameter and a where are the same filter', async () => {
    const expected = ids(rooms.filter((r) => r.teamId === teamId && r.title.toLowerCase().includes('launch')));
    expect(ids((await allPages<Room>('channels', { teamId, where: "title LIKE '%launch%'", pageSize: '3' })).items)).toEqual(expected);
    expect(ids((await allPages<Room>(`groups/${teamId}/channels`, { where: "title LIKE '%launch%'", pageSize: '3' })).items)).toEqual(expected);
  });

  it('pages a hub-side filter exactly while rooms come and go: each match once, rooms added meanwhile at the end', async () => {
    const churn = async (title: string) => ((await (await webex('POST', '/rooms', { title })).json()) as { id: string }).id;
    const made: string[] = [];
    const others: string[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        made.push(await churn(`churn ${i}`));
        others.push(await churn(`other ${i}`));
      }
      const seen: string[] = [];
      let nextPage: string | undefined;
      let pages = 0;
      do {
        const res = await hubList('channels', { where: "title LIKE 'churn%'", pageSize: '4', ...(nextPage && { nextPage }) }).expect(200);
        seen.push(...ids(res.body));
        nextPage = res.headers['elements-next-page-token'];
        if (++pages === 1) {
          // A room already returned goes, two new ones come (Webex lists rooms by creation: at the end).
          await webex('DELETE', `/rooms/${made[0]}`);
          made.push(await churn('churn 12'), await churn('churn 13'));
        }
      } while (nextPage && pages < 20);
      expect(seen).toEqual(made);
    } finally {
      // The other cases read the rooms of beforeAll.
      for (const id of [...made, ...others]) await fetch(`${hub.emulator.baseUrl}/rooms/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ann.personToken}` } });
    }
  });

  it('pages a selective hub-side filter over a list longer than one request may read: each match once, pages may come back short', async () => {
    const calls = () => hub.emulator.stats()['GET /messages'] ?? 0;
    const before = calls();
    const first = await hubList(`channels/${busyRoomId}/messages`, { where: "text = 'message 0' OR text = 'message 2049'", pageSize: '5' }).expect(200);
    // Newest first: message 2049 is first; message 0 lies past the 2000 items one request reads.
    expect(first.body.map((m: Message) => m.text)).toEqual(['message 2049']);
    expect(first.headers['elements-next-page-token']).toEqual(expect.any(String));
    expect(calls() - before).toBeLessThanOrEqual(20);
    const { items } = await allPages<Message>(`channels/${busyRoomId}/messages`, { where: "text = 'message 0' OR text = 'message 2049'", pageSize: '5' });
    expect(items.map((m) => m.text)).toEqual(['message 2049', 'message 0']);
  });

  it('orderBy: sorted by the hub over the whole filtered list, paged by the last key', async () => {
    const expected = rooms.filter((r) => r.type === 'group').sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : 1));
    const { items } = await allPages<Room>('channels', { where: "type = 'group'", orderBy: 'title asc', pageSize: '20' });
    expect(ids(items)).toEqual(ids(expected));
    // Rooms without a team come after the others in either direction; ties keep a stable order.
    const byTeam = (await allPages<Room>('channels', { orderBy: 'teamId desc, title', pageSize: '50' })).items;
    expect(new Set(ids(byTeam))).toEqual(new Set(ids(rooms)));
    const firstWithout = byTeam.findIndex((r) => r.teamId === undefined);
    expect(byTeam.slice(firstWithout).every((r) => r.teamId === undefined)).toBe(true);
    expect(firstWithout).toBe(rooms.filter((r) => r.teamId !== undefined).length);
  });

  it('orderBy that Webex gives (created desc) goes to Webex, and keeps a hub-side filter exact', async () => {
    const { items } = await allPages<Room>('channels', { where: "title LIKE '%a%'", orderBy: 'created desc', pageSize: '9' });
    expect(new Set(ids(items))).toEqual(new Set(ids(rooms.filter((r) => r.title.toLowerCase().includes('a')))));
    expect(items.length).toBe(new Set(ids(items)).size);
    for (let i = 1; i < items.length; i++) expect(Date.parse(items[i - 1].created)).toBeGreaterThanOrEqual(Date.parse(items[i].created));
  });

  it('fields: only the fields asked for, on lists and single reads', async () => {
    const { items } = await allPages<Room>('channels', { where: "type = 'group'", fields: 'id, title', pageSize: '50' });
    expect(items).toEqual(rooms.filter((r) => r.type === 'group').map((r) => ({ id: r.id, title: r.title })));
    const one = await hub.http().get(`${API}/hubs/collaboration/channels/${busyRoomId}`).query({ fields: 'title,teamId' }).set('Authorization', auth).expect(200);
    expect(one.body).toEqual({ title: 'alpha 2' });
  });

  it('answers a 400 naming the position, operator or field of what cannot be done, before Webex is asked', async () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['channels', { where: "title LIKE 'x" }, /^Invalid where at character 12: a string in single quotes is not closed/],
      ['channels', { where: 'title = launch' }, /^Invalid where at character 9: expected .*; found "launch"/],
      ['channels', { where: "title = 'a' AND" }, /^Invalid where at character 16:/],
      ['channels', { where: "title BETWEEN 'a' AND 'b'" }, /^Invalid where at character 7: unknown operator BETWEEN/],
      ['channels', { where: "sortBy != 'id'" }, /where cannot use sortBy != on channels/],
      ['channels', { where: "type = 'group' OR sortBy = 'id'" }, /where cannot use sortBy = under OR on channels/],
      ['users', { where: "email LIKE '%@example.com'" }, /where cannot use email LIKE on users/],
      ['webhooks', { where: "secret LIKE 'a%'" }, /where cannot use secret on webhooks: it is a secret/],
      ['channels', { orderBy: 'title sideways' }, /^Invalid orderBy at character 7:/],
      ['channels', { orderBy: 'sortBy' }, /orderBy cannot use sortBy on channels: sortBy is a Webex parameter/],
      ['webhooks', { orderBy: 'secret' }, /orderBy cannot use secret on webhooks/],
      ['channels', { where: "sortBy = 'id'", orderBy: 'created desc' }, /orderBy created desc is Webex's sortBy=created, and the where gives sortBy = 'id'/],
      ['channels', { fields: 'id,,title' }, /^Invalid fields at character 4:/],
      ['users', { fields: 'email' }, /fields cannot use email on users/],
    ];
    const calls = () => Object.entries(hub.emulator.stats()).reduce((sum, [call, n]) => (call.startsWith('GET ') ? sum + n : sum), 0);
    for (const [path, query, message] of cases) {
      const before = calls();
      const res = await hubList(path, query).expect(400);
      expect(res.body.message).toMatch(message);
      expect(res.body.requestId).toEqual(expect.any(String));
      expect(calls()).toBe(before);
    }
  });

  it('refuses an orderBy the hub would have to sort over more than one request may read, naming it', async () => {
    const res = await hubList(`channels/${busyRoomId}/messages`, { orderBy: 'text' }).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_ORDER_BY', message: expect.stringMatching(/^orderBy text: Webex cannot give this order, and the hub sorts a list itself only up to 2000 items/) });
    // The order Webex gives itself on the same list is done, by Webex.
    const newest = await hubList(`channels/${busyRoomId}/messages`, { orderBy: 'created desc', pageSize: '3' }).expect(200);
    expect(newest.body.map((m: Message) => m.text)).toEqual(['message 2049', 'message 2048', 'message 2047']);
  });
});
