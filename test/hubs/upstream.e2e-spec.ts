import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';

/** How the hub behaves when Webex is slow, busy, failing, or rejects the access token. */
describe('hub calls: upstream behaviour', () => {
  let hub: TestHub;
  let auth: string;
  let roomPath: string;
  const roomStats = () => hub.emulator.stats()['GET /rooms/{id}'] ?? 0;
  const getRoom = () => hub.http().get(roomPath).set('Authorization', auth);

  beforeAll(async () => {
    hub = await startHub({ env: { WEBEX_TIMEOUT_MS: '500', WEBEX_RETRY_BUDGET_MS: '5000' } });
    auth = withElement(hub, (await connectInstance(hub)).token);
    const room = await hub.http().post(`${API}/hubs/collaboration/channels`).set('Authorization', auth).send({ title: 'Busy' }).expect(200);
    roomPath = `${API}/hubs/collaboration/channels/${room.body.id}`;
  });
  afterEach(() => hub.emulator.clearFaults());
  afterAll(() => hub.close());

  it('waits out two 429s with Retry-After: 1 and succeeds', async () => {
    hub.emulator.injectFault({ method: 'GET', path: '/rooms/{id}', status: 429, retryAfter: 1, count: 2 });
    const before = roomStats();
    const started = Date.now();
    const res = await getRoom().expect(200);
    expect(res.body.title).toBe('Busy');
    expect(roomStats() - before).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it('hands a longer outage back as 429 with Retry-After once the budget would be exceeded', async () => {
    hub.emulator.injectFault({ method: 'GET', path: '/rooms/{id}', status: 429, retryAfter: 30, count: 5 });
    const before = roomStats();
    const res = await getRoom().expect(429);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body).toMatchObject({ requestId: expect.any(String), providerMessage: expect.any(String), trackingId: expect.any(String) });
    expect(roomStats() - before).toBe(1);
  });

  it('keeps retrying 503s within the budget, then answers 503 with Retry-After', async () => {
    hub.emulator.injectFault({ method: 'GET', path: '/rooms/{id}', status: 503, retryAfter: 2, count: 10 });
    const before = roomStats();
    const started = Date.now();
    const res = await getRoom().expect(503);
    expect(res.headers['retry-after']).toBe('2');
    // 5 s budget, 2 s (+ jitter) apiece: two waits fit, the third would not.
    expect(roomStats() - before).toBe(3);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 15_000);

  it('answers a clean 504 when Webex does not answer within WEBEX_TIMEOUT_MS', async () => {
    hub.emulator.injectFault({ method: 'GET', path: '/rooms/{id}', delayMs: 1500 });
    const started = Date.now();
    const res = await getRoom().expect(504);
    expect(res.body).toEqual({ requestId: expect.any(String), code: 'WEBEX_TIMEOUT', message: expect.stringMatching(/did not answer within 500 ms/) });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('hands Webex 500s back with the hub error body, providerMessage and trackingId', async () => {
    hub.emulator.injectFault({ method: 'GET', path: '/rooms/{id}', status: 500, count: 1 });
    const res = await getRoom().expect(500);
    expect(res.body).toEqual({ requestId: res.headers['elements-request-id'], code: 'WEBEX_ERROR', message: 'Webex answered 500', providerMessage: expect.any(String), trackingId: expect.stringMatching(/^ROUTER_/) });
  });

  it('retries an idempotent call after a dropped connection, but never a POST', async () => {
    hub.emulator.injectFault({ method: 'GET', path: '/rooms/{id}', drop: true, count: 1 });
    await getRoom().expect(200);
    hub.emulator.injectFault({ method: 'POST', path: '/rooms', drop: true, count: 1 });
    const before = hub.emulator.stats()['POST /rooms'] ?? 0;
    await hub.http().post(`${API}/hubs/collaboration/channels`).set('Authorization', auth).send({ title: 'Maybe' }).expect(502);
    expect((hub.emulator.stats()['POST /rooms'] ?? 0) - before).toBe(1);
  });

  it('refreshes the access token once when Webex answers 401, and retries', async () => {
    hub.emulator.injectFault({ method: 'GET', path: '/rooms/{id}', status: 401, count: 1 });
    const refreshes = hub.emulator.stats()['POST /access_token#refresh_token'] ?? 0;
    await getRoom().expect(200);
    expect((hub.emulator.stats()['POST /access_token#refresh_token'] ?? 0) - refreshes).toBe(1);
    hub.emulator.injectFault({ method: 'GET', path: '/rooms/{id}', status: 401, count: 2 });
    const res = await getRoom().expect(401);
    expect(res.body.providerMessage).toEqual(expect.any(String));
  });
});

describe('hub calls: an expired access token', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ emulator: { accessTokenTtl: 2 } });
  });
  afterAll(() => hub.close());

  it('is refreshed transparently on the next call', async () => {
    const instance = await connectInstance(hub);
    const auth = withElement(hub, instance.token);
    await hub.http().get(`${API}/hubs/collaboration/accounts`).set('Authorization', auth).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const refreshes = hub.emulator.stats()['POST /access_token#refresh_token'] ?? 0;
    const res = await hub.http().get(`${API}/hubs/collaboration/accounts`).set('Authorization', auth).expect(200);
    expect(res.body.emails).toEqual([instance.email]);
    expect((hub.emulator.stats()['POST /access_token#refresh_token'] ?? 0) - refreshes).toBeGreaterThanOrEqual(1);
  });
});
