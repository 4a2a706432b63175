import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';

const HUB = `${API}/hubs/collaboration`;

/**
 * Cloud Elements' own test sequence for the ciscospark element (churros, the suites under
 * src/test/elements/ciscospark/ of varunpal72/churros: channels.js, channelsMessages.js,
 * channelsUser.js, groups.js, groupUsers.js, organizations.js, users.js, and their assets/*.json
 * payloads), restated and replayed against the hub. Churros fails a step on anything but a 200, so
 * every call here must answer 200. It is run with both credential forms CE documents for hub calls.
 */
describe.each([
  ['User, Organization and Element', (hub: TestHub, instance: ConnectedInstance) => withElement(hub, instance.token)],
  ['User and Element', (hub: TestHub, instance: ConnectedInstance) => `User ${hub.userSecret}, Element ${instance.token}`],
])('churros ciscospark sequence with %s', (_form, credentialsOf) => {
  let hub: TestHub;
  let instance: ConnectedInstance;
  /** Someone to add to channels and groups (churros adds a fixed address). */
  const guestEmail = 'churros-guest@example.com';

  beforeAll(async () => {
    hub = await startHub();
    instance = await connectInstance(hub);
    hub.emulator.createPerson({ email: guestEmail, displayName: 'Churros Guest' });
  }, 120_000);
  afterAll(() => hub?.close());

  /** One churros step: the call must answer 200; its JSON body is handed on. */
  const step = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: { body?: object; where?: string } = {}): Promise<any> => {
    const res = await hub
      .app.getHttpAdapter()
      .getInstance()
      .inject({
        method,
        url: `${HUB}/${path}`,
        query: options.where ? { where: options.where } : undefined,
        headers: { authorization: credentialsOf(hub, instance), ...(options.body && { 'content-type': 'application/json' }) },
        payload: options.body && JSON.stringify(options.body),
      });
    if (res.statusCode !== 200) throw new Error(`${method} ${path} answered ${res.statusCode}: ${res.body}`);
    return res.body ? res.json() : undefined;
  };

  /** churros' supportCruds: create, retrieve, update (PUT), search and delete, each answer checked against what was sent. */
  const cruds = async (resource: string, payload: object, update: object) => {
    const created = await step('POST', resource, { body: payload });
    expect(created).toMatchObject(payload);
    expect((await step('GET', `${resource}/${created.id}`)).id).toBe(created.id);
    expect(await step('PUT', `${resource}/${created.id}`, { body: update })).toMatchObject(update);
    expect((await step('GET', resource)).map((item: { id: string }) => item.id)).toContain(created.id);
    await step('DELETE', `${resource}/${created.id}`);
  };

  it('channels: create, retrieve, update, search and delete', () => cruds('channels', { title: 'Chuuros' }, { title: 'Churros Test Update' }));

  it('channel messages: create and search in a channel, retrieve and delete by id', async () => {
    const channel = await step('POST', 'channels', { body: { title: 'Chuuros' } });
    const message = await step('POST', `channels/${channel.id}/messages`, { body: { text: 'Helllo' } });
    expect(message).toMatchObject({ text: 'Helllo', roomId: channel.id });
    expect((await step('GET', `channels/${channel.id}/messages`)).map((m: { id: string }) => m.id)).toContain(message.id);
    expect((await step('GET', `messages/${message.id}`)).text).toBe('Helllo');
    await step('DELETE', `messages/${message.id}`);
    await step('DELETE', `channels/${channel.id}`);
  });

  it("channel users: create, retrieve, search with where personEmail='…', update and delete", async () => {
    const channel = await step('POST', 'channels', { body: { title: 'Chuuros' } });
    const member = await step('POST', `channels/${channel.id}/users`, { body: { personEmail: guestEmail } });
    const email = (await step('GET', `channels/${channel.id}/users/${member.id}`)).personEmail;
    expect(email).toBe(guestEmail);
    const found = await step('GET', `channels/${channel.id}/users`, { where: `personEmail='${email}'` });
    expect(found.map((m: { id: string }) => m.id)).toEqual([member.id]);
    expect((await step('PUT', `channels/${channel.id}/users/${member.id}`, { body: { isModerator: false } })).isModerator).toBe(false);
    await step('DELETE', `channels/${channel.id}/users/${member.id}`);
    await step('DELETE', `channels/${channel.id}`);
  });

  it('groups: create, retrieve, update, search and delete', () => cruds('groups', { name: 'team test' }, { name: 'Churros Team Update' }));

  it('group channels: create and search in a group', async () => {
    const group = await step('POST', 'groups', { body: { name: 'team test' } });
    const channel = await step('POST', `groups/${group.id}/channels`, { body: { title: 'Chuuros' } });
    expect(channel.teamId).toBe(group.id);
    expect((await step('GET', `groups/${group.id}/channels`)).map((c: { id: string }) => c.id)).toContain(channel.id);
    await step('DELETE', `groups/${group.id}`);
  });

  it('group users: create, retrieve, search, update and delete', async () => {
    const group = await step('POST', 'groups', { body: { name: 'team test' } });
    const member = await step('POST', `groups/${group.id}/users`, { body: { personEmail: guestEmail } });
    expect((await step('GET', `groups/${group.id}/users/${member.id}`)).personEmail).toBe(guestEmail);
    expect((await step('GET', `groups/${group.id}/users`)).map((m: { id: string }) => m.id)).toContain(member.id);
    expect((await step('PUT', `groups/${group.id}/users/${member.id}`, { body: { isModerator: false } })).isModerator).toBe(false);
    await step('DELETE', `groups/${group.id}/users/${member.id}`);
    await step('DELETE', `groups/${group.id}`);
  });

  it('organizations: search, then retrieve the first', async () => {
    const organizations = await step('GET', 'organizations');
    expect(organizations.length).toBeGreaterThan(0);
    expect((await step('GET', `organizations/${organizations[0].id}`)).id).toBe(organizations[0].id);
  });

  it("users: the account, that user by id, and users with where email='…'", async () => {
    const account = await step('GET', 'accounts');
    expect(account.emails).toEqual([instance.email]);
    const user = await step('GET', `users/${account.id}`);
    const found = await step('GET', 'users', { where: `email='${user.emails[0]}'` });
    expect(found.map((u: { id: string }) => u.id)).toEqual([account.id]);
  });
});
