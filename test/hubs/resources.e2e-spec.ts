import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';

const ADMIN_SCOPES = 'spark:all spark:kms spark-admin:people_read spark-admin:people_write spark-admin:licenses_read spark-admin:roles_read spark-admin:organizations_read spark-compliance:events_read';

/** Every hub resource of the ciscospark element, verb by verb, through its hub path. */
describe('hub resources against the emulator', () => {
  let hub: TestHub;
  let auth: string;
  let ann: { email: string; id: string };
  let bob: { email: string; id: string };

  const hubUrl = (path: string) => `${API}/hubs/collaboration/${path}`;
  /** A hub call that must succeed with 200; returns the body. */
  async function ok(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body?: object, query?: Record<string, string>) {
    let req = hub.http()[method](hubUrl(path)).set('Authorization', auth);
    if (query) req = req.query(query);
    const res = body ? await req.send(body) : await req;
    if (res.status !== 200) throw new Error(`${method.toUpperCase()} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  }
  const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);
  const hasNoNulls = (value: unknown): boolean => JSON.stringify(value) === JSON.stringify(value, (_k, v: unknown) => (v === null ? undefined : v));

  beforeAll(async () => {
    hub = await startHub();
    const connected = await connectInstance(hub, { email: 'ann@example.com', displayName: 'Ann Admin', roles: ['admin'], scope: ADMIN_SCOPES });
    auth = withElement(hub, connected.token);
    const { person } = hub.emulator.createPerson({ email: 'bob@example.com', displayName: 'Bob Builder' });
    bob = { email: 'bob@example.com', id: person.id };
    ann = { email: 'ann@example.com', id: (await ok('get', 'accounts')).body.id };
  });
  afterAll(() => hub.close());

  it('accounts: the connected Webex account', async () => {
    const { body } = await ok('get', 'accounts');
    expect(body).toMatchObject({ emails: ['ann@example.com'], displayName: 'Ann Admin' });
    expect(Array.isArray(body)).toBe(false);
  });

  it('channels: create, get, update by PUT and PATCH, search, delete', async () => {
    const created = (await ok('post', 'channels', { title: 'Plans' })).body;
    expect(created).toMatchObject({ id: expect.any(String), title: 'Plans', type: 'group' });
    expect(hasNoNulls(created)).toBe(true);
    expect((await ok('get', `channels/${created.id}`)).body).toMatchObject({ id: created.id, title: 'Plans' });
    expect((await ok('put', `channels/${created.id}`, { title: 'Plans v2' })).body.title).toBe('Plans v2');
    const patched = (await ok('patch', `channels/${created.id}`, { title: 'Plans v3' })).body;
    expect(patched).toMatchObject({ id: created.id, title: 'Plans v3', type: 'group', creatorId: ann.id });
    const listed = await ok('get', 'channels', undefined, { where: "type = 'group'" });
    expect(ids(listed.body)).toContain(created.id);
    expect(listed.headers['elements-returned-count']).toBe(String(listed.body.length));
    expect(ids((await ok('get', 'channels', undefined, { where: "type = 'direct'" })).body)).not.toContain(created.id);
    const deleted = await ok('delete', `channels/${created.id}`);
    expect(deleted.text).toBe('');
    const gone = await hub.http().get(hubUrl(`channels/${created.id}`)).set('Authorization', auth).expect(404);
    expect(gone.body).toMatchObject({ requestId: expect.any(String), providerMessage: expect.any(String), trackingId: expect.stringMatching(/^ROUTER_/) });
  });

  it('channels/{id}/messages and messages/{id}: create, list, get, delete', async () => {
    const channel = (await ok('post', 'channels', { title: 'Chat' })).body;
    const first = (await ok('post', `channels/${channel.id}/messages`, { text: 'hello' })).body;
    const second = (await ok('post', `channels/${channel.id}/messages`, { text: 'again', roomId: 'ignored-the-path-wins' })).body;
    expect(first).toMatchObject({ roomId: channel.id, text: 'hello', personEmail: ann.email });
    expect(second.roomId).toBe(channel.id);
    const listed = await ok('get', `channels/${channel.id}/messages`);
    expect(ids(listed.body)).toEqual([second.id, first.id]);
    expect(listed.headers['elements-returned-count']).toBe('2');
    expect((await ok('get', `messages/${first.id}`)).body).toMatchObject({ id: first.id, text: 'hello' });
    expect((await ok('delete', `messages/${first.id}`)).text).toBe('');
    expect(ids((await ok('get', `channels/${channel.id}/messages`)).body)).toEqual([second.id]);
  });

  it('channels/{id}/users: create, search by personEmail, get, update by PUT and PATCH, delete', async () => {
    const channel = (await ok('post', 'channels', { title: 'Team room' })).body;
    const membership = (await ok('post', `channels/${channel.id}/users`, { personEmail: bob.email })).body;
    expect(membership).toMatchObject({ roomId: channel.id, personId: bob.id, isModerator: false });
    const found = (await ok('get', `channels/${channel.id}/users`, undefined, { where: `personEmail = '${bob.email}'` })).body;
    expect(ids(found)).toEqual([membership.id]);
    expect((await ok('get', `channels/${channel.id}/users`)).body).toHaveLength(2);
    expect((await ok('get', `channels/${channel.id}/users/${membership.id}`)).body.personEmail).toBe(bob.email);
    expect((await ok('put', `channels/${channel.id}/users/${membership.id}`, { isModerator: true })).body.isModerator).toBe(true);
    expect((await ok('patch', `channels/${channel.id}/users/${membership.id}`, { isModerator: false })).body).toMatchObject({ isModerator: false, personId: bob.id });
    await ok('delete', `channels/${channel.id}/users/${membership.id}`);
    expect((await ok('get', `channels/${channel.id}/users`, undefined, { where: `personEmail = '${bob.email}'` })).body).toEqual([]);
  });

  it('groups, groups/{id}/channels and groups/{id}/users', async () => {
    const group = (await ok('post', 'groups', { name: 'Builders' })).body;
    expect(group).toMatchObject({ id: expect.any(String), name: 'Builders' });
    expect((await ok('get', `groups/${group.id}`)).body.name).toBe('Builders');
    expect((await ok('put', `groups/${group.id}`, { name: 'Builders 2' })).body.name).toBe('Builders 2');
    expect((await ok('patch', `groups/${group.id}`, { name: 'Builders 3' })).body).toMatchObject({ id: group.id, name: 'Builders 3' });
    expect(ids((await ok('get', 'groups')).body)).toContain(group.id);

    const channel = (await ok('post', `groups/${group.id}/channels`, { title: 'Builders design' })).body;
    expect(channel.teamId).toBe(group.id);
    const channels = (await ok('get', `groups/${group.id}/channels`)).body;
    expect(channels.every((c: { teamId: string }) => c.teamId === group.id)).toBe(true);
    expect(ids(channels)).toContain(channel.id);

    const member = (await ok('post', `groups/${group.id}/users`, { personEmail: bob.email })).body;
    expect(member).toMatchObject({ teamId: group.id, personId: bob.id });
    expect((await ok('get', `groups/${group.id}/users`)).body.map((m: { personId: string }) => m.personId).sort()).toEqual([ann.id, bob.id].sort());
    expect((await ok('get', `groups/${group.id}/users/${member.id}`)).body.id).toBe(member.id);
    expect((await ok('put', `groups/${group.id}/users/${member.id}`, { isModerator: true })).body.isModerator).toBe(true);
    expect((await ok('patch', `groups/${group.id}/users/${member.id}`, { isModerator: false })).body.isModerator).toBe(false);
    await ok('delete', `groups/${group.id}/users/${member.id}`);
    expect((await ok('get', `groups/${group.id}/users`)).body).toHaveLength(1);

    await ok('delete', `groups/${group.id}`);
    expect(ids((await ok('get', 'groups')).body)).not.toContain(group.id);
  });

  it('users: search by email and displayName, get; create, update and delete as an admin', async () => {
    expect(ids((await ok('get', 'users', undefined, { where: `email = '${bob.email}'` })).body)).toEqual([bob.id]);
    expect(ids((await ok('get', 'users', undefined, { where: "displayName = 'Bob Builder'" })).body)).toEqual([bob.id]);
    expect((await ok('get', `users/${bob.id}`)).body).toMatchObject({ id: bob.id, emails: [bob.email] });
    const carol = (await ok('post', 'users', { emails: ['carol@example.com'], displayName: 'Carol' })).body;
    expect(carol).toMatchObject({ emails: ['carol@example.com'], displayName: 'Carol' });
    expect((await ok('put', `users/${carol.id}`, { displayName: 'Carol C' })).body.displayName).toBe('Carol C');
    expect((await ok('patch', `users/${carol.id}`, { nickName: 'CC' })).body).toMatchObject({ displayName: 'Carol C', nickName: 'CC' });
    await ok('delete', `users/${carol.id}`);
    await hub.http().get(hubUrl(`users/${carol.id}`)).set('Authorization', auth).expect(404);
  });

  it('organizations: list and get', async () => {
    const orgs = (await ok('get', 'organizations')).body;
    expect(orgs.length).toBeGreaterThan(0);
    expect((await ok('get', `organizations/${orgs[0].id}`)).body.id).toBe(orgs[0].id);
  });

  it('Webex names: rooms, messages, memberships, people, teams, team-memberships', async () => {
    const room = (await ok('post', 'rooms', { title: 'Webex room' })).body;
    expect((await ok('get', `rooms/${room.id}`)).body.title).toBe('Webex room');
    expect((await ok('put', `rooms/${room.id}`, { title: 'Webex room 2' })).body.title).toBe('Webex room 2');
    expect((await ok('patch', `rooms/${room.id}`, { title: 'Webex room 3' })).body.title).toBe('Webex room 3');
    expect(ids((await ok('get', 'rooms', undefined, { where: "sortBy = 'id'" })).body)).toContain(room.id);

    const message = (await ok('post', 'messages', { roomId: room.id, markdown: '**hi**' })).body;
    expect(ids((await ok('get', 'messages', undefined, { where: `roomId = '${room.id}'` })).body)).toEqual([message.id]);
    expect(ids((await ok('get', 'messages', undefined, { roomId: room.id })).body)).toEqual([message.id]);
    expect((await ok('put', `messages/${message.id}`, { roomId: room.id, text: 'edited' })).body.text).toBe('edited');
    expect((await ok('get', `messages/${message.id}`)).body.text).toBe('edited');
    await ok('delete', `messages/${message.id}`);

    const membership = (await ok('post', 'memberships', { roomId: room.id, personId: bob.id })).body;
    expect(ids((await ok('get', 'memberships', undefined, { where: `roomId = '${room.id}' AND personId = '${bob.id}'` })).body)).toEqual([membership.id]);
    expect((await ok('get', `memberships/${membership.id}`)).body.personId).toBe(bob.id);
    expect((await ok('put', `memberships/${membership.id}`, { isModerator: true })).body.isModerator).toBe(true);
    expect((await ok('patch', `memberships/${membership.id}`, { isModerator: false })).body.isModerator).toBe(false);
    await ok('delete', `memberships/${membership.id}`);

    expect(ids((await ok('get', 'people', undefined, { where: `email = '${bob.email}'` })).body)).toEqual([bob.id]);
    expect((await ok('get', `people/${bob.id}`)).body.displayName).toBe('Bob Builder');
    const dave = (await ok('post', 'people', { emails: ['dave@example.com'], displayName: 'Dave' })).body;
    expect((await ok('put', `people/${dave.id}`, { displayName: 'Dave D' })).body.displayName).toBe('Dave D');
    expect((await ok('patch', `people/${dave.id}`, { firstName: 'Dave' })).body).toMatchObject({ displayName: 'Dave D', firstName: 'Dave' });
    await ok('delete', `people/${dave.id}`);

    const team = (await ok('post', 'teams', { name: 'Webex team' })).body;
    expect((await ok('get', `teams/${team.id}`)).body.name).toBe('Webex team');
    expect((await ok('put', `teams/${team.id}`, { name: 'Webex team 2' })).body.name).toBe('Webex team 2');
    expect((await ok('patch', `teams/${team.id}`, { name: 'Webex team 3' })).body.name).toBe('Webex team 3');
    expect(ids((await ok('get', 'teams')).body)).toContain(team.id);
    const teamMember = (await ok('post', 'team-memberships', { teamId: team.id, personEmail: bob.email })).body;
    expect(ids((await ok('get', 'team-memberships', undefined, { where: `teamId = '${team.id}'` })).body)).toContain(teamMember.id);
    expect((await ok('get', `team-memberships/${teamMember.id}`)).body.teamId).toBe(team.id);
    expect((await ok('put', `team-memberships/${teamMember.id}`, { isModerator: true })).body.isModerator).toBe(true);
    expect((await ok('patch', `team-memberships/${teamMember.id}`, { isModerator: false })).body.isModerator).toBe(false);
    await ok('delete', `team-memberships/${teamMember.id}`);
    await ok('delete', `teams/${team.id}`);
    await ok('delete', `rooms/${room.id}`);
  });

  it('Webex names: webhooks, attachment-actions, room-tabs, events, licenses, roles', async () => {
    const webhook = (await ok('post', 'webhooks', { name: 'hook', targetUrl: 'https://app.example/hook', resource: 'messages', event: 'created', secret: 'app-webhook-secret-42' })).body;
    expect(webhook).toMatchObject({ name: 'hook', status: 'active', secret: '********' });
    expect((await ok('get', `webhooks/${webhook.id}`)).body).toMatchObject({ resource: 'messages', secret: '********' });
    expect((await ok('put', `webhooks/${webhook.id}`, { name: 'hook 2', targetUrl: 'https://app.example/hook2' })).body.name).toBe('hook 2');
    expect((await ok('patch', `webhooks/${webhook.id}`, { name: 'hook 3' })).body).toMatchObject({ name: 'hook 3', targetUrl: 'https://app.example/hook2' });
    // Read, then put back as read: the masked secret keeps the one Webex holds (checked below).
    const asRead = (await ok('get', `webhooks/${webhook.id}`)).body;
    expect((await ok('put', `webhooks/${webhook.id}`, asRead)).body).toMatchObject({ name: 'hook 3', secret: '********' });
    const listed = (await ok('get', 'webhooks')).body;
    expect(ids(listed)).toEqual([webhook.id]);
    expect(JSON.stringify(listed)).not.toContain('app-webhook-secret-42');
    // Masked on the way out only: PATCH's read-merge-write kept the real secret at Webex.
    expect(hub.emulator.emulator.store.webhooks.get(webhook.id)?.secret).toBe('app-webhook-secret-42');
    await ok('delete', `webhooks/${webhook.id}`);
    expect((await ok('get', 'webhooks')).body).toEqual([]);

    const room = (await ok('post', 'rooms', { title: 'Cards' })).body;
    const card = (await ok('post', 'messages', { roomId: room.id, text: 'card' })).body;
    // Webex answers 202 here; the hub answers 200 like every success.
    const action = (await ok('post', 'attachment-actions', { type: 'submit', messageId: card.id, inputs: { answer: 'yes' } })).body;
    expect(action).toMatchObject({ messageId: card.id, inputs: { answer: 'yes' } });
    expect((await ok('get', `attachment-actions/${action.id}`)).body.id).toBe(action.id);

    const tab = (await ok('post', 'room-tabs', { roomId: room.id, contentUrl: 'https://app.example/tab', displayName: 'Tab' })).body;
    expect(ids((await ok('get', 'room-tabs', undefined, { where: `roomId = '${room.id}'` })).body)).toEqual([tab.id]);
    expect((await ok('get', `room-tabs/${tab.id}`)).body.displayName).toBe('Tab');
    expect((await ok('put', `room-tabs/${tab.id}`, { roomId: room.id, contentUrl: 'https://app.example/tab2', displayName: 'Tab 2' })).body.displayName).toBe('Tab 2');
    expect((await ok('patch', `room-tabs/${tab.id}`, { displayName: 'Tab 3' })).body).toMatchObject({ displayName: 'Tab 3', contentUrl: 'https://app.example/tab2' });
    await ok('delete', `room-tabs/${tab.id}`);

    const events = (await ok('get', 'events', undefined, { where: "resource = 'messages' AND type = 'created'" })).body;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e: { resource: string; type: string }) => e.resource === 'messages' && e.type === 'created')).toBe(true);
    expect((await ok('get', `events/${events[0].id}`)).body.id).toBe(events[0].id);

    const licenses = (await ok('get', 'licenses')).body;
    expect(licenses).toHaveLength(3);
    expect((await ok('get', `licenses/${licenses[0].id}`)).body.name).toBe(licenses[0].name);
    const roles = (await ok('get', 'roles')).body;
    expect(roles.map((r: { name: string }) => r.name)).toContain('Full Administrator');
    expect((await ok('get', `roles/${roles[0].id}`)).body.id).toBe(roles[0].id);
  });

  it('caps pageSize at the instance configuration pagination.max', async () => {
    const other = await connectInstance(hub, { configuration: { 'filter.response.nulls': 'false', 'pagination.max': '1' } });
    const otherAuth = withElement(hub, other.token);
    await hub.http().post(hubUrl('channels')).set('Authorization', otherAuth).send({ title: 'one' }).expect(200);
    await hub.http().post(hubUrl('channels')).set('Authorization', otherAuth).send({ title: 'two' }).expect(200);
    const page = await hub.http().get(hubUrl('channels')).query({ pageSize: '50' }).set('Authorization', otherAuth).expect(200);
    expect(page.body).toHaveLength(1);
    expect(page.headers['elements-next-page-token']).toEqual(expect.any(String));
  });

  it('answers 404 for an unknown resource, 405 for a verb it does not offer, 400 for what it cannot honour', async () => {
    expect((await hub.http().get(hubUrl('nothing-here')).set('Authorization', auth).expect(404)).body.message).toMatch(/Hub resource nothing-here not found/);
    const wrongVerb = await hub.http().delete(hubUrl('accounts')).set('Authorization', auth).expect(405);
    expect(wrongVerb.headers.allow).toBe('GET');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ where: "type = 'group' OR sortBy = 'id'" }, /where cannot use sortBy = under OR on channels/],
      [{ where: "sortBy LIKE 'i%'" }, /where cannot use sortBy LIKE on channels/],
      [{ where: "type BETWEEN 'a' AND 'b'" }, /Invalid where at character 6: unknown operator BETWEEN/],
      [{ where: "type = 'group" }, /Invalid where at character 8: a string in single quotes is not closed/],
      [{ orderBy: 'sortBy' }, /orderBy cannot use sortBy on channels/],
      [{ colour: 'blue' }, /Query parameter colour is not supported on channels/],
      [{ pageSize: 'many' }, /pageSize must be a positive integer/],
      [{ page: '0' }, /page must be an integer/],
    ];
    for (const [query, message] of cases) {
      const res = await hub.http().get(hubUrl('channels')).query(query).set('Authorization', auth).expect(400);
      expect(res.body.message).toMatch(message);
    }
  });

  it('needs the Element token, refuses a disabled instance (403) and a deleted one (401)', async () => {
    const res = await hub.http().get(hubUrl('accounts')).set('Authorization', hub.auth).expect(401);
    expect(res.body.message).toMatch(/Element <token>/);
    expect(res.headers['elements-element-instance-id']).toBeUndefined();
    const other = await connectInstance(hub);
    const otherAuth = withElement(hub, other.token);
    await hub.http().get(hubUrl('accounts')).set('Authorization', otherAuth).expect(200);
    await hub.http().delete(`${API}/instances/${other.id}/enabled`).set('Authorization', hub.auth).expect(200);
    const disabled = await hub.http().get(hubUrl('accounts')).set('Authorization', otherAuth).expect(403);
    expect(disabled.headers['elements-element-instance-id']).toBe(String(other.id));
    await hub.http().put(`${API}/instances/${other.id}/enabled`).set('Authorization', hub.auth).expect(200);
    await hub.http().get(hubUrl('accounts')).set('Authorization', otherAuth).expect(200);
    await hub.http().delete(`${API}/instances/${other.id}`).set('Authorization', hub.auth).expect(200);
    const deleted = await hub.http().get(hubUrl('accounts')).set('Authorization', otherAuth).expect(401);
    expect(deleted.headers['elements-element-instance-id']).toBeUndefined();
  });

  it('names the instance in Elements-Element-Instance-Id on every answer once it is known: success, 400, 404, 405 and Webex errors', async () => {
    const instanceId = String((await hub.http().get(`${API}/instance`).set('Authorization', auth).expect(200)).body.id);
    const answers = [
      await hub.http().get(hubUrl('accounts')).set('Authorization', auth).expect(200),
      await hub.http().get(hubUrl('channels')).query({ where: "title = 'x" }).set('Authorization', auth).expect(400),
      await hub.http().get(hubUrl('nothing-here')).set('Authorization', auth).expect(404),
      await hub.http().delete(hubUrl('accounts')).set('Authorization', auth).expect(405),
      await hub.http().get(hubUrl('channels/no-such-room')).set('Authorization', auth).expect(404),
    ];
    for (const res of answers) expect(res.headers['elements-element-instance-id']).toBe(instanceId);
  });

  it('documents the hub resources in /docs and per instance, from the element definition', async () => {
    const docs = (await hub.http().get('/docs-json').expect(200)).body;
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining([`${API}/hubs/collaboration/channels/{channelId}/messages`, `${API}/hubs/collaboration/room-tabs/{id}`]));
    const instance = (await hub.http().get(`${API}/instance`).set('Authorization', auth).expect(200)).body;
    const own = (await hub.http().get(`${API}/instances/${instance.id}/docs`).set('Authorization', hub.auth).expect(200)).body;
    expect(own.openapi).toMatch(/^3\./);
    // No HUB_PUBLIC_URL: the address the server listens on (supertest has it listen on a free port for each request).
    expect(own.servers[0].url).toMatch(new RegExp(`^http://localhost:\\d+${API}/hubs/collaboration$`));
    expect(Object.keys(own.paths['/channels/{channelId}/messages']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(own.paths['/channels/{id}']).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    const list = own.paths['/channels/{channelId}/users'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['channelId', 'pageSize', 'nextPage', 'page', 'where', 'personEmail']));
    expect(list.responses['200'].headers).toHaveProperty('elements-next-page-token');
    await hub.http().get(`${API}/instances/999999/docs`).set('Authorization', hub.auth).expect(404);
  });
});
