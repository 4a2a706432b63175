import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';

const MESSAGES = 40;
const LIMIT_PER_MINUTE = 100;

/**
 * Finding 10 of the outside attack: `?pageSize=1&page=1000` made one Webex call per page for one
 * request, and 20 such requests in parallel made 6,000 calls in a second while each counted once
 * against the rate limit. A page walk is now bounded, and every Webex call it makes is charged.
 */
describe('hub paging: what page=N may cost upstream', () => {
  let hub: TestHub;
  let ann: ConnectedInstance;
  let auth: string;
  let roomId: string;
  const webexCalls = () => hub.emulator.stats()['GET /messages'] ?? 0;
  const getPage = (query: Record<string, string>) => hub.http().get(`${API}/hubs/collaboration/channels/${roomId}/messages`).query(query).set('Authorization', auth);

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_RATE_LIMIT_PER_MINUTE: String(LIMIT_PER_MINUTE) } });
    ann = await connectInstance(hub);
    auth = withElement(hub, ann.token);
    roomId = (await hub.http().post(`${API}/hubs/collaboration/channels`).set('Authorization', auth).send({ title: 'Walked' }).expect(200)).body.id;
    // Straight to the emulator: these cost the organization nothing.
    for (let i = 0; i < MESSAGES; i++) {
      const res = await fetch(`${hub.emulator.baseUrl}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ann.personToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ roomId, text: `message ${i}` }),
      });
      expect(res.status).toBe(200);
    }
  });
  afterAll(() => hub?.close());

  it('refuses page past its bound with a 400 naming it, before any Webex call', async () => {
    const before = webexCalls();
    const res = await getPage({ pageSize: '1', page: '1000' }).expect(400);
    expect(res.body.message).toMatch(/page must be an integer from 1 to 100 .*page × pageSize at most 2000/);
    expect(res.body.requestId).toEqual(expect.any(String));
    expect(webexCalls()).toBe(before);
  });

  it('refuses page × pageSize past its bound with a 400 naming it, before any Webex call', async () => {
    const before = webexCalls();
    const res = await getPage({ pageSize: '50', page: '41' }).expect(400);
    expect(res.body.message).toMatch(/page × pageSize must be at most 2000 \(page 41 × pageSize 50 walks 2050 items\); page further with nextPage/);
    expect(webexCalls()).toBe(before);
    // Within the bound, page=N is still the N-th page.
    const third = await getPage({ pageSize: '5', page: '3' }).expect(200);
    expect(third.body.map((m: { text: string }) => m.text)).toHaveLength(5);
    expect(webexCalls()).toBe(before + 3);
  });

  it('charges every Webex call of a walk to the organization: 20 parallel walks make at most the limit of calls', async () => {
    const before = webexCalls();
    const answers = await Promise.all(Array.from({ length: 20 }, () => getPage({ pageSize: '1', page: String(MESSAGES) })));
    const made = webexCalls() - before;
    const statuses = answers.map((res) => res.status);
    // Unbounded, this was 20 × 40 = 800 calls, every request answered 200.
    expect(made).toBeLessThanOrEqual(LIMIT_PER_MINUTE + 10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    const refused = answers.find((res) => res.status === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body.message).toMatch(/more than 100 requests in a minute/);
    // The organization's budget is spent for its other calls too.
    await hub.http().get(`${API}/instances`).set('Authorization', hub.auth).expect(429);
  });
});
