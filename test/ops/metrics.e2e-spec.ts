import { asPerson, eventsConfiguration, Receiver, startReceiver, startRelayHub } from '../events/relay-support';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';
import { sample } from './prometheus';

describe('GET /metrics', () => {
  let hub: Awaited<ReturnType<typeof startRelayHub>>;
  let receiver: Receiver;
  const scrape = async () => (await hub.http().get('/metrics').expect(200)).text;
  /** How much a sample moved between two scrapes. */
  const moved = (before: string, after: string, name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);

  beforeAll(async () => {
    receiver = await startReceiver();
    // Every scrape reads the database gauges here (0), so each test sees what it just changed.
    hub = await startRelayHub({ env: { HUB_EVENT_RETRY_SCHEDULE: '10ms,10ms', HUB_METRICS_GAUGE_INTERVAL_MS: '0' } });
  });
  afterAll(async () => {
    await hub?.close();
    await receiver?.close();
  });

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
    expect(after).toMatch(/^hub_refresh_overdue_seconds 0$/m);
    expect(after).toMatch(/^hub_process_resident_memory_bytes \d+/m);
  });

  it('counts token refreshes by outcome', async () => {
    const { id } = await connectInstance(hub);
    const before = await scrape();
    const refresh = () => hub.http().post(`${API}/instances/${id}/tokens/refresh`).set('Authorization', hub.auth);
    await refresh().expect(200);
    await refresh().expect(200);
    hub.emulator.injectFault({ method: 'POST', path: '/access_token', status: 503, count: 100 });
    try {
      expect((await refresh()).status).toBeGreaterThanOrEqual(500);
    } finally {
      hub.emulator.clearFaults();
    }
    const after = await scrape();
    expect(moved(before, after, 'hub_token_refreshes_total', { outcome: 'refreshed' })).toBe(2);
    expect(moved(before, after, 'hub_token_refreshes_total', { outcome: 'failed' })).toBe(1);
  });

  it('shows the outbox depth, then the delivery outcomes once the dispatcher ran', async () => {
    const instance = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url) });
    const roomId = (await asPerson(hub, instance.personToken, 'POST', '/rooms', { title: 'Metrics room' })).id;
    await hub.emulator.flushWebhooks();
    await hub.dispatcher.drain();
    const before = await scrape();
    for (const text of ['one', 'two', 'three']) await asPerson(hub, instance.personToken, 'POST', '/messages', { roomId, text });
    await hub.emulator.flushWebhooks();
    const queued = await scrape();
    expect(sample(queued, 'hub_outbox_events', { status: 'RECEIVED' })).toBe(3);
    expect(moved(before, queued, 'hub_http_request_duration_seconds_count', { method: 'POST', route: '/elements/api-v2/events/:element/:key', status: '200' })).toBe(3);

    // The first attempt is refused, retried after 10 ms; the two others are delivered at once.
    receiver.answers = [{ status: 500 }];
    await hub.dispatcher.drain();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await hub.dispatcher.drain();
    const after = await scrape();
    expect(moved(before, after, 'hub_event_deliveries_total', { outcome: 'delivered' })).toBe(3);
    expect(moved(before, after, 'hub_event_deliveries_total', { outcome: 'retry' })).toBe(1);
    expect(sample(after, 'hub_outbox_events', { status: 'RECEIVED' })).toBe(0);
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
