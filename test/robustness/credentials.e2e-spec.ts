import { routesOf } from '../../src/app.factory';
import { API, startHub, TestHub } from '../support/hub';
import { createOrganization } from '../support/factories';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';
import { Operation, operationsOf } from './support/operations';
import { STACK_TRACE } from './support/fuzz-world';

/**
 * Every route but the public ones, under every way of getting credentials wrong. Driven by the
 * document and `routesOf(app)`: a route added later is in the matrix, and one added without the
 * guard fails it.
 */
const PUBLIC = [/^\/$/, /^\/callback$/, /^\/health/, /^\/metrics$/, /^\/docs/, /^\/console$/, /^\/elements\/api-v2\/console\//, /^\/elements\/api-v2\/connect(\/|$)/, /^\/elements\/api-v2\/events\/\{element\}\/\{key\}$/];

describe('credentials matrix over every route', () => {
  let hub: TestHub;
  let operations: Operation[];
  let own: ConnectedInstance;
  let deleted: ConnectedInstance;
  let disabled: ConnectedInstance;
  let other: { auth: string };
  let roomId: string;
  let userId: number;

  beforeAll(async () => {
    hub = await startHub();
    const document = (await hub.http().get('/docs-json').expect(200)).body;
    operations = operationsOf(document, routesOf(hub.app)).filter((o) => !PUBLIC.some((p) => p.test(o.path)));
    own = await connectInstance(hub);
    deleted = await connectInstance(hub);
    disabled = await connectInstance(hub);
    await hub.http().delete(`${API}/instances/${deleted.id}`).set('Authorization', hub.auth).expect(200);
    await hub.http().delete(`${API}/instances/${disabled.id}/enabled`).set('Authorization', hub.auth).expect(200);
    other = await createOrganization(hub);
    const room = await hub.http().post(`${API}/hubs/collaboration/channels`).set('Authorization', withElement(hub, own.token)).send({ title: 'matrix' }).expect(200);
    roomId = room.body.id;
    userId = (await hub.http().get(`${API}/users`).set('Authorization', hub.auth).expect(200)).body[0].id;
  }, 120_000);
  afterAll(() => hub?.close());

  /** Real ids of the first organization's objects in every path parameter. */
  const urlOf = (op: Operation) =>
    op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      if (name === 'hub') return 'collaboration';
      if (name === '*') return `channels/${roomId}`;
      if (name === 'keyOrId') return 'ciscospark';
      if (name === 'configId') return 'oauth.api.key';
      if (op.path.includes('/instances/{id}')) return String(own.id);
      if (op.path.includes('/users/{id}')) return String(userId);
      return roomId;
    });

  // Hub calls (/hubs/{hub}/…) act through an instance; the hub catalogue beside them (/hubs/keys,
  // /hubs/{key}) is everyone's and reads no Element token.
  const usesElementToken = (op: Operation) => op.path.includes('/hubs/{hub}/');

  const cases: [string, () => string | undefined, (op: Operation) => number[] | undefined][] = [
    ['no header', () => undefined, () => [401]],
    ['a malformed header', () => 'Bearer abc.def', () => [401]],
    ['a header with a part twice', () => `User ${hub.userSecret}, User ${hub.userSecret}, Organization ${hub.organizationSecret}`, () => [401]],
    ['a wrong user secret', () => `User ${'u'.repeat(43)}, Organization ${hub.organizationSecret}`, () => [401]],
    ['a wrong organization secret', () => `User ${hub.userSecret}, Organization ${'o'.repeat(43)}`, () => [401]],
    ['the secrets swapped', () => `User ${hub.organizationSecret}, Organization ${hub.userSecret}`, () => [401]],
    ['an Element token alone', () => `Element ${own.token}`, () => [401]],
    // User + Element, without the Organization secret: wrong in either part, it is the one 401 everywhere.
    ['a wrong user secret with a right Element token', () => `User ${'u'.repeat(43)}, Element ${own.token}`, () => [401]],
    ['a right user secret with a wrong Element token', () => `User ${hub.userSecret}, Element ${'e'.repeat(43)}`, () => [401]],
    // Another organization reaching this one's objects: unknown to it (404), or its token unknown (401);
    // a body the route refuses before looking anything up is a 400. Routes naming no object act on
    // the caller's own organization, and the element catalogue is everyone's: not this case.
    ['another organization with this one\'s Element token', () => `${other.auth}, Element ${own.token}`, (op) => (op.path.includes('{') && !op.path.includes('/elements/{') ? [400, 401, 403, 404] : undefined)],
    ['a deleted instance\'s token', () => withElement(hub, deleted.token), (op) => (usesElementToken(op) ? [401] : undefined)],
    ['a disabled instance\'s token', () => withElement(hub, disabled.token), (op) => (usesElementToken(op) ? [403] : undefined)],
  ];

  it.each(cases.map(([name, header, expected]) => ({ name, header, expected })))('answers $name with the right refusal on every route and changes nothing', async ({ header, expected }) => {
    const fastify = hub.app.getHttpAdapter().getInstance();
    const dumpBefore = await hub.dump();
    const callsBefore = JSON.stringify(hub.emulator.stats());
    const wrong: string[] = [];
    let checked = 0;
    for (const op of operations) {
      const statuses = expected(op);
      if (!statuses) continue;
      checked++;
      const authorization = header();
      const res = await fastify.inject({
        method: op.method as 'GET',
        url: urlOf(op),
        headers: { ...(authorization && { authorization }), ...(op.method !== 'GET' && op.method !== 'DELETE' && { 'content-type': 'application/json' }) },
        payload: op.method !== 'GET' && op.method !== 'DELETE' ? '{}' : undefined,
      });
      const body = res.headers['content-type']?.toString().includes('json') ? res.json() : {};
      const errorBody = body.requestId === res.headers['elements-request-id'] && typeof body.message === 'string' && !STACK_TRACE.test(res.body);
      if (!statuses.includes(res.statusCode) || !errorBody) wrong.push(`${op.method} ${op.path} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    process.stdout.write(`credentials: ${checked} routes checked\n`);
    expect(checked).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
    expect(await hub.dump()).toEqual(dumpBefore);
    expect(JSON.stringify(hub.emulator.stats())).toEqual(callsBefore);
  });

  it('covers every guarded route the hub registered', () => {
    const served = routesOf(hub.app).map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}')}`);
    const inMatrix = new Set(operations.map((o) => `${o.method} ${o.path}`));
    const missing = served.filter((r) => !inMatrix.has(r) && !PUBLIC.some((p) => p.test(r.split(' ')[1])));
    expect(missing).toEqual([]);
    expect(operations.length).toBeGreaterThan(50);
  });
});
