import { Instance } from '../../src/instances/instance.entity';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance } from '../support/recipe';

describe('foundation: bad input, credentials and users', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_BODY_LIMIT_BYTES: '4096' } });
  });
  afterAll(() => hub.close());

  const instanceCount = () => hub.dataSource().getRepository(Instance).count();
  const expectErrorBody = (res: { body: Record<string, unknown>; headers: Record<string, string> }) => {
    expect(res.body).toEqual(expect.objectContaining({ requestId: res.headers['elements-request-id'], message: expect.any(String) }));
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  };

  it('answers health without credentials', async () => {
    const res = await hub.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('logs each request on one line under the id its response and error body carry', async () => {
    const res = await hub.http().get(`${API}/instances/424242`).set('authorization', hub.auth).expect(404);
    const id = res.headers['elements-request-id'];
    expect(res.body.requestId).toBe(id);
    // The line is written once the response has finished, which may be after the client read it.
    await new Promise((resolve) => setImmediate(resolve));
    const lines = hub.logs
      .join('')
      .split('\n')
      .filter((line) => line.includes(id))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ requestId: id, method: 'GET', url: `${API}/instances/424242`, status: 404 })]);
  });

  it.each([
    ['no header', undefined],
    ['a malformed header', 'Bearer something'],
    ['a wrong user secret', () => `User wrong, Organization ${hub.organizationSecret}`],
    ['a wrong organization secret', () => `User ${hub.userSecret}, Organization wrong`],
    ['the secrets swapped', () => `User ${hub.organizationSecret}, Organization ${hub.userSecret}`],
  ])('refuses %s with 401 and the error body', async (_name, header) => {
    const value = typeof header === 'function' ? header() : header;
    const req = hub.http().get(`${API}/instances`);
    const res = await (value ? req.set('Authorization', value) : req).expect(401);
    expectErrorBody(res);
  });

  it('answers malformed JSON, wrong types, missing fields and oversized bodies with 4xx and stores nothing', async () => {
    const before = await instanceCount();
    const post = () => hub.http().post(`${API}/instances`).set('Authorization', hub.auth);

    const malformed = await post().set('content-type', 'application/json').send('{"element": {"key": "ciscospark"');
    expect(malformed.status).toBe(400);
    expectErrorBody(malformed);

    const wrongTypes = await post().send({ element: 'ciscospark', configuration: ['a'], tags: 'x', name: 42 }).expect(400);
    expectErrorBody(wrongTypes);
    expect(wrongTypes.body.message).toMatch(/configuration/);

    // Each missing field is named: the configuration (checked with the body), then the element
    // (optional in the body, which POST /elements/{keyOrId}/instances shares, so checked after it).
    const missing = await post().send({}).expect(400);
    expect(missing.body.message).toMatch(/configuration/);
    const noElement = await post().send({ configuration: {} }).expect(400);
    expectErrorBody(noElement);
    expect(noElement.body.message).toMatch(/element/);

    const nested = await post().send({ element: { key: 'ciscospark' }, configuration: { a: { nested: true } } }).expect(400);
    expectErrorBody(nested);

    const oversized = await post().send({ element: { key: 'ciscospark' }, configuration: { big: 'x'.repeat(8000) } }).expect(413);
    expectErrorBody(oversized);

    const wrongContentType = await post().set('content-type', 'text/plain').send('hello');
    expect([400, 415]).toContain(wrongContentType.status);
    expectErrorBody(wrongContentType);

    const unknownElement = await post().send({ element: { key: 'slack' }, configuration: {} }).expect(404);
    expectErrorBody(unknownElement);

    expect(await instanceCount()).toBe(before);
  });

  it('answers unknown ids and routes with 404 and bad ids with 400', async () => {
    expectErrorBody(await hub.http().get(`${API}/instances/999999`).set('Authorization', hub.auth).expect(404));
    expectErrorBody(await hub.http().get(`${API}/instances/abc`).set('Authorization', hub.auth).expect(400));
    expectErrorBody(await hub.http().delete(`${API}/instances/99999999999999999999`).set('Authorization', hub.auth).expect(400));
    expectErrorBody(await hub.http().get(`${API}/no/such/route`).set('Authorization', hub.auth).expect(404));
    expectErrorBody(await hub.http().get(`${API}/instance`).set('Authorization', hub.auth).expect(400));
  });

  it('lets the admin create users whose secrets work once shown, and delete them', async () => {
    const created = await hub.http().post(`${API}/users`).set('Authorization', hub.auth).send({ email: 'Dev@Example.com', firstName: 'Dev' }).expect(200);
    expect(created.body).toMatchObject({ email: 'dev@example.com', role: 'user', secret: expect.any(String) });
    const devAuth = `User ${created.body.secret}, Organization ${hub.organizationSecret}`;

    const dup = await hub.http().post(`${API}/users`).set('Authorization', hub.auth).send({ email: 'dev@example.com' }).expect(409);
    expectErrorBody(dup);
    await hub.http().post(`${API}/users`).set('Authorization', hub.auth).send({ email: 'not-an-email' }).expect(400);

    const list = await hub.http().get(`${API}/users`).set('Authorization', hub.auth).expect(200);
    expect(list.body.map((u: { email: string }) => u.email)).toEqual(['admin@localhost', 'dev@example.com']);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    // A user sees only their own instances and cannot manage users.
    await hub.http().get(`${API}/users`).set('Authorization', devAuth).expect(403);
    const adminInstance = await connectInstance(hub);
    const devInstance = await connectInstance(hub, { auth: devAuth });
    const devList = await hub.http().get(`${API}/instances`).set('Authorization', devAuth).expect(200);
    expect(devList.body.map((i: { id: number }) => i.id)).toEqual([devInstance.id]);
    await hub.http().get(`${API}/instances/${adminInstance.id}`).set('Authorization', devAuth).expect(404);

    // Rotating: the old secret stops at once, the new one works.
    const rotated = await hub.http().post(`${API}/users/${created.body.id}/secret`).set('Authorization', devAuth).expect(200);
    await hub.http().get(`${API}/instances`).set('Authorization', devAuth).expect(401);
    await hub.http().get(`${API}/instances`).set('Authorization', `User ${rotated.body.secret}, Organization ${hub.organizationSecret}`).expect(200);

    await hub.http().delete(`${API}/users/${created.body.id}`).set('Authorization', hub.auth).expect(200);
    await hub.http().get(`${API}/instances`).set('Authorization', `User ${rotated.body.secret}, Organization ${hub.organizationSecret}`).expect(401);
    await hub.http().delete(`${API}/users/${created.body.id}`).set('Authorization', hub.auth).expect(404);
  });
});
