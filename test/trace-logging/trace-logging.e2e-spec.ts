import { API, startHub, TestHub } from '../support/hub';
import { consoleSession, eventually } from '../audit/console-session';
import { createOrganization } from '../support/factories';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';

const WEBHOOK_SECRET = 'webhook-secret-that-must-never-show-7f3a';
const TRACE_SIZE = 4;
const SUPER = { username: 'root', password: 'console-password-of-the-test' };

/** Trace logging: switched per instance, the instance's Webex calls recorded with their secrets masked, and nothing while off. */
describe('trace logging', () => {
  let hub: TestHub;
  let instance: ConnectedInstance;
  let auth: string;

  const hubCall = (method: 'get' | 'post', path: string, body?: object) => {
    const req = hub.http()[method](`${API}/hubs/collaboration/${path}`).set('Authorization', auth);
    return body ? req.send(body) : req;
  };
  const trace = async (query: Record<string, string> = {}) => hub.http().get(`${API}/instances/${instance.id}/trace-logging`).query(query).set('Authorization', hub.auth);
  const storedRows = async () => hub.dataSource().query(`SELECT * FROM trace_log WHERE instance_id = $1 ORDER BY id`, [instance.id]);

  const switchTrace = (method: 'put' | 'delete') => hub.http()[method](`${API}/instances/${instance.id}/trace-logging`).set('Authorization', hub.auth);

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_TRACE_LOG_SIZE: String(TRACE_SIZE), HUB_CONSOLE_ADMIN: SUPER.username, HUB_CONSOLE_PASSWORD: SUPER.password } });
  });
  // Each test has an instance of its own, so that none depends on another's trace.
  beforeEach(async () => {
    instance = await connectInstance(hub);
    auth = withElement(hub, instance.token);
  });
  afterAll(() => hub.close());

  it('records nothing while off, which is the default', async () => {
    await hubCall('get', 'channels').expect(200);
    const read = await trace();
    expect(read.status).toBe(200);
    expect(read.body).toEqual([]);
    expect(await storedRows()).toEqual([]);
  });

  it('records each Webex call while on: method, path, status, latency, trackingId and masked bodies', async () => {
    const on = await switchTrace('put');
    expect(on.status).toBe(200);
    expect(on.body.id).toBe(instance.id);

    const created = await hubCall('post', 'webhooks', { name: 'traced hook', targetUrl: 'https://app.example/hook', resource: 'messages', event: 'created', secret: WEBHOOK_SECRET }).expect(200);
    const missing = await hubCall('get', 'channels/Y2lzY29zcGFyazovL3VzL1JPT00vbm9uZQ').expect(404);

    const read = await trace();
    expect(read.status).toBe(200);
    expect(read.headers['elements-returned-count']).toBe('2');
    const [failed, posted] = read.body;
    expect(posted).toMatchObject({
      elementInstanceId: instance.id,
      method: 'POST',
      path: '/webhooks',
      responseCode: 200,
      processTime: expect.any(Number),
      trackingId: expect.stringMatching(/^ROUTER_/),
      requestBody: { name: 'traced hook', secret: '********' },
      responseBody: { id: created.body.id, name: 'traced hook', secret: '********' },
    });
    expect(new Date(posted.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(failed).toMatchObject({ method: 'GET', path: '/rooms/Y2lzY29zcGFyazovL3VzL1JPT00vbm9uZQ', responseCode: 404, trackingId: missing.body.trackingId });
    expect(failed.trackingId).toEqual(expect.any(String));
  });

  it('never stores a secret: not the webhook secret, the client secret, the caller secrets nor the Element token', async () => {
    await switchTrace('put').expect(200);
    await hubCall('post', 'webhooks', { name: 'traced hook', targetUrl: 'https://app.example/hook', resource: 'messages', event: 'created', secret: WEBHOOK_SECRET }).expect(200);
    await hubCall('get', 'webhooks').expect(200);
    const stored = JSON.stringify(await storedRows());
    const answered = JSON.stringify((await trace()).body);
    for (const secret of [WEBHOOK_SECRET, hub.emulator.options.clientSecret, hub.organizationSecret, hub.userSecret, instance.token]) {
      expect(stored).not.toContain(secret);
      expect(answered).not.toContain(secret);
    }
    expect(stored).toContain('********');
  });

  it('keeps only the newest HUB_TRACE_LOG_SIZE calls, and pages through them newest first', async () => {
    await switchTrace('put').expect(200);
    for (let i = 0; i < TRACE_SIZE + 2; i++) await hubCall('get', 'channels').query({ pageSize: String(i + 1) }).expect(200);
    const rows = await storedRows();
    expect(rows).toHaveLength(TRACE_SIZE);
    expect(rows.map((row: { path: string }) => row.path)).toEqual(['/rooms?max=3', '/rooms?max=4', '/rooms?max=5', '/rooms?max=6']);

    const first = await trace({ pageSize: '3' });
    expect(first.body.map((e: { path: string }) => e.path)).toEqual(['/rooms?max=6', '/rooms?max=5', '/rooms?max=4']);
    const token = first.headers['elements-next-page-token'];
    expect(token).toEqual(expect.any(String));
    const second = await trace({ pageSize: '3', nextPage: token });
    expect({ status: second.status, body: second.body }).toEqual({ status: 200, body: expect.any(Array) });
    expect(second.body.map((e: { path: string }) => e.path)).toEqual(['/rooms?max=3']);
    expect(second.headers['elements-next-page-token']).toBeUndefined();
  });

  it('refuses a page token that is not one of this trace, and a wrong pageSize, with 400', async () => {
    const wrong = await trace({ nextPage: 'not-a-token' });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 400, code: 'INVALID_NEXT_PAGE' });
    expect((await trace({ pageSize: '0' })).status).toBe(400);
    expect((await trace({ pageSize: 'x' })).status).toBe(400);
  });

  it('records nothing more once off, and keeps what it recorded', async () => {
    await switchTrace('put').expect(200);
    await hubCall('get', 'channels').expect(200);
    const before = await storedRows();
    expect(before).toHaveLength(1);
    const off = await switchTrace('delete');
    expect(off.status).toBe(200);
    await hubCall('get', 'channels').expect(200);
    await hubCall('post', 'webhooks', { name: 'untraced hook', targetUrl: 'https://app.example/hook', resource: 'messages', event: 'created', secret: WEBHOOK_SECRET }).expect(200);
    expect(await storedRows()).toEqual(before);
    expect((await trace()).body).toHaveLength(1);
  });

  it('switches by Element token (/instances/trace-logging) as well', async () => {
    await hub.http().put(`${API}/instances/trace-logging`).set('Authorization', auth).expect(200);
    await hubCall('get', 'channels').query({ pageSize: '9' }).expect(200);
    const read = await hub.http().get(`${API}/instances/trace-logging`).set('Authorization', auth).expect(200);
    expect(read.body[0]).toMatchObject({ method: 'GET', path: '/rooms?max=9', responseCode: 200 });
    await hub.http().delete(`${API}/instances/trace-logging`).set('Authorization', auth).expect(200);
  });

  it('another organization can neither read nor switch the trace (404)', async () => {
    const other = await createOrganization(hub);
    for (const method of ['get', 'put', 'delete'] as const) {
      const res = await hub.http()[method](`${API}/instances/${instance.id}/trace-logging`).set('Authorization', other.auth);
      expect({ method, status: res.status }).toEqual({ method, status: 404 });
    }
  });

  it('the console shows the trace, secrets masked, and switches it', async () => {
    const session = await consoleSession(hub, SUPER);
    expect((await session.get('/instances')).text).toContain(`/instances/${instance.id}/trace`);
    expect((await session.post(`/instances/${instance.id}/trace-logging/on`, {})).status).toBe(303);
    await hubCall('post', 'webhooks', { name: 'console hook', targetUrl: 'https://app.example/hook', resource: 'messages', event: 'created', secret: WEBHOOK_SECRET }).expect(200);
    const page = await session.get(`/instances/${instance.id}/trace`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-field="trace-logging">on</);
    expect(page.text).toContain('/webhooks');
    expect(page.text).toContain('********');
    expect(page.text).not.toContain(WEBHOOK_SECRET);

    expect((await session.post(`/instances/${instance.id}/trace-logging/off`, {})).status).toBe(303);
    await hubCall('get', 'channels').expect(200);
    expect(await storedRows()).toHaveLength(1);
    expect((await session.get(`/instances/${instance.id}/trace`)).text).toMatch(/data-field="trace-logging">off</);
    // Both switches are changes to the instance, in its audit trail.
    const readTrail = async () => (await hub.http().get(`${API}/audit-logs/element-instances/${instance.id}`).set('Authorization', hub.auth).expect(200)).body;
    const trail = await eventually(readTrail, (entries) => entries.length >= 3);
    expect(trail.slice(0, 2).map((e: { changes: unknown; console_admin_id?: number }) => [e.changes, typeof e.console_admin_id])).toEqual([
      [{ traceLoggingEnabled: false }, 'number'],
      [{ traceLoggingEnabled: true }, 'number'],
    ]);
  });
});
