import { Instance } from '../../src/instances/instance.entity';
import { createOrganization } from '../support/factories';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';

describe('limits: body size and per-organization rate', () => {
  let hub: TestHub;
  let auth: string;
  let instanceId: number;

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_BODY_LIMIT_BYTES: '2048', HUB_RATE_LIMIT_PER_MINUTE: '120' } });
    const instance = await connectInstance(hub);
    instanceId = instance.id;
    auth = withElement(hub, instance.token);
  }, 120_000);
  afterAll(() => hub?.close());

  const expectErrorBody = (res: { body: Record<string, unknown>; headers: Record<string, string> }) =>
    expect(res.body).toEqual(expect.objectContaining({ requestId: res.headers['elements-request-id'], message: expect.any(String) }));

  it('refuses a body over HUB_BODY_LIMIT_BYTES with 413 on every kind of route, and stores nothing', async () => {
    const big = { name: 'x'.repeat(3000), text: 'x'.repeat(3000), title: 'x'.repeat(3000) };
    const calls = [
      hub.http().post(`${API}/instances`),
      hub.http().patch(`${API}/instances/${instanceId}`),
      hub.http().post(`${API}/users`),
      hub.http().post(`${API}/hubs/collaboration/messages`),
      hub.http().put(`${API}/hubs/collaboration/channels/abc`),
      hub.http().post(`${API}/events/ciscospark/whatever`),
    ];
    for (const call of calls) {
      const res = await call.set('Authorization', auth).send(big);
      expect(res.status).toBe(413);
      expectErrorBody(res);
    }
    // Just under the limit is read (and then judged on its content).
    const small = await hub.http().patch(`${API}/instances/${instanceId}`).set('Authorization', auth).send({ name: 'y'.repeat(150) });
    expect(small.status).toBe(200);
    expect(await hub.dataSource().getRepository(Instance).countBy({ name: 'y'.repeat(150) })).toBe(1);
  });

  it('refuses a JSON body nested deeper than the hub accepts with 400 on every kind of route, and stores nothing', async () => {
    // 100 levels in 201 bytes, well under the body limit: refused as it is parsed.
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    const before = await hub.dataSource().getRepository(Instance).count();
    for (const call of [
      hub.http().post(`${API}/instances`),
      hub.http().patch(`${API}/instances/${instanceId}`),
      hub.http().post(`${API}/hubs/collaboration/messages`),
    ]) {
      const res = await call.set('Authorization', auth).set('content-type', 'application/json').send(`{"a":${deep}}`);
      expect(res.status).toBe(400);
      expectErrorBody(res);
      expect(res.body.message).toMatch(/nests more than 64 levels/);
    }
    expect(await hub.dataSource().getRepository(Instance).count()).toBe(before);
    // 64 levels are read (and then judged on their content).
    const fine = await hub.http().patch(`${API}/instances/${instanceId}`).set('Authorization', auth).send({ name: 'z', tags: JSON.parse(`${'['.repeat(62)}"t"${']'.repeat(62)}`) });
    expect([200, 400]).toContain(fine.status);
    expect(fine.body.message ?? '').not.toMatch(/nests more than/);
  });

  it('answers 429 with Retry-After and the error body past the organization rate, and keeps other organizations apart', async () => {
    // 120 per minute: the bucket holds 120, minus what the tests before took.
    let refused: { status: number; headers: Record<string, string>; body: Record<string, unknown> } | undefined;
    let accepted = 0;
    for (let i = 0; i < 130 && !refused; i++) {
      const res = await hub.http().get(`${API}/instances`).set('Authorization', hub.auth);
      if (res.status === 429) refused = res;
      else {
        expect(res.status).toBe(200);
        accepted++;
      }
    }
    expect(refused).toBeDefined();
    expect(accepted).toBeGreaterThan(100);
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused!.headers['retry-after'])).toBeLessThanOrEqual(1);
    expectErrorBody(refused!);
    expect(refused!.body.message).toMatch(/120 requests in a minute/);
    // Hub calls of the same organization are refused too, before any Webex call.
    const callsBefore = JSON.stringify(hub.emulator.stats());
    const hubCall = await hub.http().get(`${API}/hubs/collaboration/channels`).set('Authorization', auth);
    expect(hubCall.status).toBe(429);
    expect(JSON.stringify(hub.emulator.stats())).toBe(callsBefore);
    // Another organization has its own budget.
    const other = await createOrganization(hub);
    await hub.http().get(`${API}/instances`).set('Authorization', other.auth).expect(200);
    // Half a second later one request is back (2 per second).
    await new Promise((resolve) => setTimeout(resolve, 600));
    await hub.http().get(`${API}/instances`).set('Authorization', hub.auth).expect(200);
  });
});
