import { API, startHub, TestHub } from '../support/hub';
import { createOrganization } from '../support/factories';
import { connectInstance, withElement } from '../support/recipe';
import { consoleSession, eventually } from './console-session';

const SUPER = { username: 'root', password: 'console-password-of-the-test' };
const CLIENT_ADDRESS = '203.0.113.7';

interface Entry {
  id: string;
  action: string;
  resource_type: string;
  resource_id?: number;
  instance_id?: number;
  user_id?: number;
  console_admin_id?: number;
  org_id?: number;
  ip_address: string;
  method: string;
  resource_uri: string;
  status: number;
  timestamp: string;
  changes?: Record<string, unknown>;
}

/** The audit log: one entry per change to instances, users, secrets and console admins, secrets never shown, each organization reading its own. */
describe('audit log', () => {
  let hub: TestHub;
  let adminId: number;
  let organizationId: number;
  /** Every secret the tests made or sent: none may show in an entry or in the audit_log table. */
  const secrets: string[] = [];

  const api = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, auth = hub.auth) => hub.http()[method](`${API}${path}`).set('Authorization', auth).set('x-forwarded-for', CLIENT_ADDRESS);
  const entries = async (path = '/audit-logs', query: Record<string, string> = {}): Promise<Entry[]> => (await api('get', path).query(query).expect(200)).body;

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_CONSOLE_ADMIN: SUPER.username, HUB_CONSOLE_PASSWORD: SUPER.password } });
    const users = (await api('get', '/users').expect(200)).body as Array<{ id: number; role: string; organizationId: number }>;
    ({ id: adminId, organizationId } = users.find((user) => user.role === 'admin')!);
    secrets.push(hub.organizationSecret, hub.userSecret, hub.emulator.options.clientSecret, SUPER.password);
  });
  afterAll(() => hub.close());

  it('records each change to an instance: create, update, configure, disable, enable, trace logging, delete', async () => {
    const instance = await connectInstance(hub, { configuration: { 'event.notification.signature.key': 'signature-key-never-shown-1' } });
    secrets.push(instance.token, 'signature-key-never-shown-1');
    await api('put', `/instances/${instance.id}`).send({ name: 'Renamed', tags: ['a'], configuration: { ...instance.body.configuration, 'oauth.api.secret': 'rotated-client-secret-never-shown' } }).expect(200);
    secrets.push('rotated-client-secret-never-shown');
    await api('patch', `/instances/${instance.id}/configuration/pagination.max`).send({ propertyValue: '25' }).expect(200);
    await api('delete', `/instances/${instance.id}/enabled`).expect(200);
    await api('put', `/instances/${instance.id}/enabled`).expect(200);
    await api('put', `/instances/trace-logging`, withElement(hub, instance.token)).expect(200);
    await api('delete', `/instances/${instance.id}`).expect(200);

    const trail = await entries(`/audit-logs/element-instances/${instance.id}`);
    expect(trail.map((e) => [e.method, e.action, e.changes])).toEqual([
      ['DELETE', 'delete', undefined],
      ['PUT', 'update', { traceLoggingEnabled: true }],
      ['PUT', 'enable', { disabled: false }],
      ['DELETE', 'disable', { disabled: true }],
      ['PATCH', 'configure', { 'pagination.max': '25' }],
      ['PUT', 'update', expect.objectContaining({ name: 'Renamed', tags: ['a'], configuration: expect.objectContaining({ 'oauth.api.secret': '********', 'oauth.api.key': '********' }) })],
      ['POST', 'create', expect.objectContaining({ element: { key: 'ciscospark' }, providerData: { code: '********' } })],
    ]);
    for (const entry of trail) {
      expect(entry).toMatchObject({ resource_type: 'instance', resource_id: instance.id, instance_id: instance.id, user_id: adminId, org_id: organizationId, status: 200 });
      expect(new Date(entry.timestamp).getTime()).toBeGreaterThan(Date.now() - 120_000);
    }
    // The trusted proxy's client address (supertest connects over loopback, a trusted proxy by default).
    expect(trail[0]).toMatchObject({ ip_address: CLIENT_ADDRESS, resource_uri: `${API}/instances/${instance.id}` });
    expect(trail[1].resource_uri).toBe(`${API}/instances/trace-logging`);
    expect(trail[6].changes!.configuration).toMatchObject({ 'oauth.api.secret': '********', 'event.notification.signature.key': '********' });
  });

  it('records users made and deleted, and each secret rotated (user secret, instance token)', async () => {
    const made = await api('post', '/users').send({ email: 'audited@example.com', firstName: 'Audie', role: 'user' }).expect(200);
    secrets.push(made.body.secret);
    const rotated = await api('post', `/users/${made.body.id}/secret`).expect(200);
    secrets.push(rotated.body.secret);
    await api('delete', `/users/${made.body.id}`).expect(200);
    const instance = await connectInstance(hub);
    const token = await api('post', `/instances/${instance.id}/token`).expect(200);
    secrets.push(instance.token, token.body.token);

    const recent = (await entries()).slice(0, 4);
    expect(recent.map((e) => [e.resource_type, e.action, e.resource_id, e.changes])).toEqual([
      ['secret', 'rotate', instance.id, { token: '********' }],
      ['instance', 'create', instance.id, expect.objectContaining({ name: expect.any(String) })],
      ['user', 'delete', made.body.id, undefined],
      ['secret', 'rotate', made.body.id, { secret: '********' }],
    ]);
    const userEntries = await entries('/audit-logs', { userId: String(adminId), pageSize: '500' });
    expect(userEntries.find((e) => e.resource_type === 'user' && e.action === 'create')).toMatchObject({ resource_id: made.body.id, changes: { email: 'audited@example.com', firstName: 'Audie', role: 'user' } });
  });

  it('records console changes: an admin made, a profile and a password changed, an instance disabled', async () => {
    const instance = await connectInstance(hub);
    const session = await consoleSession(hub, SUPER);
    const before = (await entries()).length;
    const post = (path: string, form: Record<string, string>) => session.post(path, form, CLIENT_ADDRESS);
    expect((await post('/admins', { username: 'carol', displayName: 'Carol', role: 'admin', organizationId: String(organizationId), password: 'carols-password-never-shown' })).status).toBe(303);
    expect((await post('/profile', { displayName: 'Root Renamed' })).status).toBe(303);
    expect((await post('/profile/password', { currentPassword: SUPER.password, newPassword: 'new-root-password-never-shown' })).status).toBe(303);
    secrets.push('carols-password-never-shown', 'new-root-password-never-shown');
    expect((await post(`/instances/${instance.id}/disable`, {})).status).toBe(303);

    const all = await eventually(entries, (found) => found.length >= before + 4);
    const consoleEntries = all.filter((e) => e.console_admin_id !== undefined);
    expect(consoleEntries.map((e) => [e.resource_type, e.action, e.changes])).toEqual([
      ['instance', 'disable', { disabled: true }],
      ['console-admin', 'update', { currentPassword: '********', newPassword: '********' }],
      ['console-admin', 'update', { displayName: 'Root Renamed' }],
      ['console-admin', 'create', { username: 'carol', displayName: 'Carol', role: 'admin', organizationId: String(organizationId), password: '********' }],
    ]);
    for (const entry of consoleEntries) expect(entry).toMatchObject({ org_id: organizationId, ip_address: CLIENT_ADDRESS, method: 'POST' });
    expect(consoleEntries[0]).toMatchObject({ resource_id: instance.id, instance_id: instance.id });
    expect(consoleEntries[1].resource_id).toBe(consoleEntries[0].console_admin_id);
    expect(consoleEntries[0].user_id).toBeUndefined();

    // The console's page lists them, secrets masked.
    const page = await session.get('/audit');
    expect(page.status).toBe(200);
    expect(page.text).toContain('create console-admin');
    expect(page.text).toContain(`disable instance ${instance.id}`);
    expect(page.text).toContain(CLIENT_ADDRESS);
    for (const secret of secrets) expect(page.text).not.toContain(secret);
  });

  it('records the organization secret rotated, in the log of that organization only', async () => {
    const other = await createOrganization(hub, 'Rotating organization');
    const rotated = await api('post', '/organizations/me/secret', other.auth).expect(200);
    secrets.push(rotated.body.secret);
    const newAuth = other.auth.replace(/Organization \S+$/, `Organization ${rotated.body.secret}`);
    const [entry] = (await api('get', '/audit-logs', newAuth).expect(200)).body as Entry[];
    expect(entry).toMatchObject({ resource_type: 'secret', action: 'rotate', resource_id: other.organizationId, org_id: other.organizationId, changes: { secret: '********' }, ip_address: CLIENT_ADDRESS });
    expect((await entries('/audit-logs', { pageSize: '500' })).some((e) => e.org_id === other.organizationId)).toBe(false);
  });

  it('shows no secret in any entry, nor in the audit_log table', async () => {
    const answered = JSON.stringify(await entries('/audit-logs', { pageSize: '500' }));
    const stored = JSON.stringify(await hub.dataSource().query('SELECT * FROM audit_log'));
    expect(stored).toContain('********');
    for (const secret of secrets) {
      expect(answered).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });

  it('records nothing for a refused change', async () => {
    const before = await entries();
    expect((await api('delete', '/instances/999999')).status).toBe(404);
    expect((await api('patch', '/instances/999999').send({ name: 'nobody' })).status).toBe(404);
    expect((await api('post', '/users').send({ email: 'not-an-address' })).status).toBe(400);
    expect(await entries()).toEqual(before);
  });

  it('pages newest first, and refuses a foreign page token or a bad date with 400', async () => {
    const all = await entries('/audit-logs', { pageSize: '500' });
    const first = await api('get', '/audit-logs').query({ pageSize: '2' }).expect(200);
    expect(first.body.map((e: Entry) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
    const second = await api('get', '/audit-logs').query({ pageSize: '2', nextPage: first.headers['elements-next-page-token'] }).expect(200);
    expect(second.body.map((e: Entry) => e.id)).toEqual(all.slice(2, 4).map((e) => e.id));
    const foreign = await api('get', '/audit-logs/element-instances').query({ nextPage: first.headers['elements-next-page-token'] });
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 400, code: 'INVALID_NEXT_PAGE' });
    expect((await api('get', '/audit-logs').query({ from: 'yesterday' })).status).toBe(400);
    expect((await api('get', '/audit-logs').query({ from: '2030-01-02', to: '2030-01-01' })).status).toBe(400);
    expect(await entries('/audit-logs', { to: '2000-01-01' })).toEqual([]);
    expect((await entries('/audit-logs', { from: new Date(Date.now() - 600_000).toISOString(), pageSize: '500' })).length).toBe(all.length);
  });

  it('is for admins of the organization only: another organization reads none of it, a plain user gets 403', async () => {
    const ours = await entries('/audit-logs', { pageSize: '500' });
    const instanceId = ours.find((e) => e.instance_id !== undefined)!.instance_id!;
    const other = await createOrganization(hub);
    expect((await api('get', '/audit-logs', other.auth).expect(200)).body).toEqual([]);
    expect((await api('get', '/audit-logs/element-instances', other.auth).expect(200)).body).toEqual([]);
    expect((await api('get', `/audit-logs/element-instances/${instanceId}`, other.auth).expect(200)).body).toEqual([]);

    const user = await api('post', '/users').send({ email: 'plain@example.com', role: 'user' }).expect(200);
    const userAuth = `User ${user.body.secret}, Organization ${hub.organizationSecret}`;
    const refused = await api('get', '/audit-logs', userAuth);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'ADMIN_ONLY' });
  });
});
