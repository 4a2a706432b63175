import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';
import { sample } from './prometheus';

describe('GET /metrics', () => {
  let hub: TestHub;
  const scrape = async () => (await hub.http().get('/metrics').expect(200)).text;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => hub?.close());

  it('counts HTTP requests by route template and status, with latencies', async () => {
    const { id } = await connectInstance(hub);
    const before = await scrape();
    for (let i = 0; i < 3; i++) await hub.http().get(`${API}/instances/${id}`).set('Authorization', hub.auth).expect(200);
    await hub.http().get(`${API}/instances/${id + 1000}`).set('Authorization', hub.auth).expect(404);
    await hub.http().get(`${API}/instances/${id}`).expect(401);
    const after = await scrape();

    const count = (text: string, status: string) =>
      sample(text, 'hub_http_request_duration_seconds_count', { method: 'GET', route: `/${API.slice(1)}/instances/:id`, status });
    expect(count(after, '200') - count(before, '200')).toBe(3);
    expect(count(after, '404') - count(before, '404')).toBe(1);
    expect(count(after, '401') - count(before, '401')).toBe(1);
    // The latency histogram saw the same five requests, and no label carries a raw id.
    const route = { method: 'GET', route: '/elements/api-v2/instances/:id', status: '200' };
    expect(sample(after, 'hub_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(count(after, '200'));
    expect(sample(after, 'hub_http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
    expect(after).not.toContain(`/instances/${id}"`);
  });

  it('counts calls to Webex by status, including the ones that fail', async () => {
    const before = await scrape();
    const { token } = await connectInstance(hub);
    const mid = await scrape();
    // Connecting is one code exchange and one GET /people/me.
    expect(sample(mid, 'hub_webex_request_duration_seconds_count', { method: 'POST', status: '200' }) - sample(before, 'hub_webex_request_duration_seconds_count', { method: 'POST', status: '200' })).toBe(1);
    expect(sample(mid, 'hub_webex_request_duration_seconds_count', { method: 'GET', status: '200' }) - sample(before, 'hub_webex_request_duration_seconds_count', { method: 'GET', status: '200' })).toBe(1);

    hub.emulator.injectFault({ method: 'GET', path: '/rooms', status: 404, count: 1 });
    await hub.http().get(`${API}/hubs/collaboration/rooms`).set('Authorization', withElement(hub, token)).expect(404);
    const after = await scrape();
    expect(sample(after, 'hub_webex_request_duration_seconds_count', { method: 'GET', status: '404' }) - sample(mid, 'hub_webex_request_duration_seconds_count', { method: 'GET', status: '404' })).toBe(1);
  });

  it('reports instances by state, read from the database at scrape time', async () => {
    const before = await scrape();
    const a = await connectInstance(hub);
    await connectInstance(hub);
    await hub.http().delete(`${API}/instances/${a.id}/enabled`).set('Authorization', hub.auth).expect(200);
    const after = await scrape();
    expect(sample(after, 'hub_instances', { state: 'active' }) - sample(before, 'hub_instances', { state: 'active' })).toBe(1);
    expect(sample(after, 'hub_instances', { state: 'disabled' }) - sample(before, 'hub_instances', { state: 'disabled' })).toBe(1);
    expect(after).toMatch(/^hub_outbox_events\{status="RECEIVED"\} 0$/m);
    expect(after).toMatch(/^hub_refresh_overdue_seconds 0$/m);
    expect(after).toMatch(/^hub_process_resident_memory_bytes \d+/m);
  });
});

describe('GET /health', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => hub?.close());

  it('tells liveness from readiness', async () => {
    expect((await hub.http().get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });
    expect((await hub.http().get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await hub.http().get('/health/ready').expect(200)).body).toEqual({ status: 'ok', database: 'up', migrations: 'applied' });
  });

  it('is not ready while a migration is pending', async () => {
    const ds = hub.dataSource();
    const [last] = await ds.query(`SELECT id, timestamp, name FROM hub_migrations ORDER BY id DESC LIMIT 1`);
    await ds.query(`DELETE FROM hub_migrations WHERE id = $1`, [last.id]);
    try {
      const res = await hub.http().get('/health/ready').expect(503);
      expect(res.body.message).toContain(last.name);
      await hub.http().get('/health/live').expect(200);
    } finally {
      await ds.query(`INSERT INTO hub_migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [last.id, last.timestamp, last.name]);
    }
  });
});
