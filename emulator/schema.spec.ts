import { startEmulator, type RunningEmulator } from './index';
import { OpenApiValidator } from './openapi-validator';
import { apiRoutes } from './resources';
import { client, type Answer } from './spec-support';

/** One call of the scenario: the documented operation it exercises and what came back. */
interface Observed {
  method: string;
  path: string;
  answer: Answer;
}

describe('emulator responses against the Webex OpenAPI documents', () => {
  let sut: RunningEmulator;
  const observed: Observed[] = [];
  const validator = new OpenApiValidator();

  beforeAll(async () => {
    sut = await startEmulator({ port: 0 });
    const admin = sut.createPerson({ email: 'admin@example.com', displayName: 'Admin', roles: ['admin'] });
    const bob = sut.createPerson({ email: 'bob@example.com', displayName: 'Bob' });
    const api = client(sut, admin.accessToken);
    /** Calls the emulator and notes the response under the operation's documented path. */
    const op = async (method: 'get' | 'post' | 'put' | 'del', docPath: string, url: string, json?: unknown) => {
      const answer = method === 'get' || method === 'del' ? await api[method](url) : await api[method](url, json);
      if (answer.status >= 300) throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      observed.push({ method: method === 'del' ? 'delete' : method, path: docPath, answer });
      return answer.body;
    };

    const room = await op('post', '/rooms', '/rooms', { title: 'Schema', description: 'd' });
    await op('get', '/rooms', '/rooms');
    await op('get', '/rooms/{roomId}', `/rooms/${room.id}`);
    await op('put', '/rooms/{roomId}', `/rooms/${room.id}`, { title: 'Schema 2' });
    const membership = await op('post', '/memberships', '/memberships', { roomId: room.id, personId: bob.person.id });
    await op('get', '/memberships', `/memberships?roomId=${room.id}`);
    await op('get', '/memberships/{membershipId}', `/memberships/${membership.id}`);
    await op('put', '/memberships/{membershipId}', `/memberships/${membership.id}`, { isModerator: true, isRoomHidden: false });
    const message = await op('post', '/messages', '/messages', { roomId: room.id, markdown: `hi <@personId:${bob.person.id}|Bob>` });
    await op('post', '/messages', '/messages', { toPersonEmail: 'bob@example.com', text: 'direct' });
    await op('get', '/messages', `/messages?roomId=${room.id}`);
    await op('get', '/messages/direct', '/messages/direct?personEmail=bob@example.com');
    await op('get', '/messages/{messageId}', `/messages/${message.id}`);
    await op('put', '/messages/{messageId}', `/messages/${message.id}`, { roomId: room.id, markdown: 'edited' });
    const action = await op('post', '/attachment/actions', '/attachment/actions', { type: 'submit', messageId: message.id, inputs: { Name: 'n' } });
    await op('get', '/attachment/actions/{id}', `/attachment/actions/${action.id}`);
    const tab = await op('post', '/room/tabs', '/room/tabs', { roomId: room.id, contentUrl: 'https://example.com', displayName: 'Tab' });
    await op('get', '/room/tabs', `/room/tabs?roomId=${room.id}`);
    await op('get', '/room/tabs/{id}', `/room/tabs/${tab.id}`);
    await op('put', '/room/tabs/{id}', `/room/tabs/${tab.id}`, { roomId: room.id, contentUrl: 'https://example.com/2', displayName: 'Tab 2' });
    await op('del', '/room/tabs/{id}', `/room/tabs/${tab.id}`);
    const team = await op('post', '/teams', '/teams', { name: 'Team', description: 'd' });
    await op('get', '/teams', '/teams');
    await op('get', '/teams/{teamId}', `/teams/${team.id}`);
    await op('put', '/teams/{teamId}', `/teams/${team.id}`, { name: 'Team 2' });
    const tm = await op('post', '/team/memberships', '/team/memberships', { teamId: team.id, personId: bob.person.id });
    await op('get', '/team/memberships', `/team/memberships?teamId=${team.id}`);
    await op('get', '/team/memberships/{membershipId}', `/team/memberships/${tm.id}`);
    await op('put', '/team/memberships/{membershipId}', `/team/memberships/${tm.id}`, { isModerator: true });
    await op('del', '/team/memberships/{membershipId}', `/team/memberships/${tm.id}`);
    await op('del', '/teams/{teamId}', `/teams/${team.id}`);
    const hook = await op('post', '/webhooks', '/webhooks', { name: 'h', targetUrl: 'http://127.0.0.1:9/h', resource: 'messages', event: 'created', secret: 's' });
    await op('get', '/webhooks', '/webhooks');
    await op('get', '/webhooks/{webhookId}', `/webhooks/${hook.id}`);
    await op('put', '/webhooks/{webhookId}', `/webhooks/${hook.id}`, { name: 'h2', targetUrl: 'http://127.0.0.1:9/h2' });
    await op('del', '/webhooks/{webhookId}', `/webhooks/${hook.id}`);
    const person = await op('post', '/people', '/people', { emails: ['carol@example.com'], displayName: 'Carol' });
    await op('get', '/people', '/people?email=carol@example.com');
    await op('get', '/people', `/people?id=${person.id},Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub3Bl`);
    await op('get', '/people/{personId}', `/people/${person.id}`);
    await op('get', '/people/me', '/people/me');
    await op('put', '/people/{personId}', `/people/${person.id}`, { displayName: 'Carol 2' });
    await op('del', '/people/{personId}', `/people/${person.id}`);
    const orgs = await op('get', '/organizations', '/organizations');
    await op('get', '/organizations/{orgId}', `/organizations/${orgs.items[0].id}`);
    const licenses = await op('get', '/licenses', '/licenses');
    await op('get', '/licenses/{licenseId}', `/licenses/${licenses.items[0].id}`);
    const roles = await op('get', '/roles', '/roles');
    await op('get', '/roles/{roleId}', `/roles/${roles.items[0].id}`);
    await op('del', '/memberships/{membershipId}', `/memberships/${membership.id}`);
    await op('del', '/messages/{messageId}', `/messages/${message.id}`);
    const events = await op('get', '/events', '/events');
    await op('get', '/events/{eventId}', `/events/${events.items[0].id}`);
    await op('del', '/rooms/{roomId}', `/rooms/${room.id}`);
  });
  afterAll(() => sut.close());

  it('exercised every operation the emulator serves', () => {
    const covered = new Set(observed.map((o) => `${o.method} ${o.path.replace(/\{\w+\}/g, '{id}')}`));
    const served = apiRoutes.map((r) => `${r.method.toLowerCase()} ${r.path}`);
    expect([...covered].sort()).toEqual([...new Set(served)].sort());
  });

  it('answers every exercised operation with a documented status and a body its schema accepts', () => {
    const problems = observed.flatMap((o) => validator.validate(o.method, o.path, o.answer.status, o.answer.body).map((p) => `${o.method.toUpperCase()} ${o.path}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('would notice a wrong shape (the validator is not vacuous)', () => {
    expect(validator.validate('get', '/rooms/{roomId}', 200, { id: 1, type: 'meeting' })).not.toEqual([]);
    expect(validator.validate('get', '/messages', 200, { items: [{ files: 'x' }] })).not.toEqual([]);
    expect(validator.validate('post', '/attachment/actions', 200, {})).not.toEqual([]);
  });
});
