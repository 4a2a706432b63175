import Ajv, { type AnySchemaObject } from 'ajv';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';

// Cloud Elements' platform schemas, restated from its API test suite (churros:
// src/test/platform/elements/assets/*.schema.json and hubs/assets/hub.json) and its elements API
// reference. `additionalProperties` stays open, as there: the hub's own extra fields are allowed.
const CONFIGURATION_KEY = {
  type: 'object',
  required: ['name', 'key', 'description'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    key: { type: 'string' },
    description: { type: 'string' },
    defaultValue: { type: 'string' },
    resellerConfig: { type: 'boolean' },
    companyConfig: { type: 'boolean' },
    active: { type: 'boolean' },
    internal: { type: 'boolean' },
    groupControl: { type: 'boolean' },
    displayOrder: { type: 'integer' },
    type: { type: 'string' },
    hideFromConsole: { type: 'boolean' },
    required: { type: 'boolean' },
  },
};
const RESOURCE = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    createdDate: { type: 'string' },
    description: { type: 'string' },
    path: { type: 'string' },
    vendorPath: { type: 'string' },
    method: { type: 'string' },
    vendorMethod: { type: 'string' },
    parameters: { type: 'array' },
    type: { type: 'string' },
    hooks: { type: 'array' },
  },
};
const ELEMENT = {
  type: 'object',
  required: ['name', 'key', 'description', 'authentication'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    key: { type: 'string' },
    description: { type: 'string' },
    image: { type: 'string' },
    active: { type: 'boolean' },
    deleted: { type: 'boolean' },
    typeOauth: { type: 'boolean' },
    trialAccount: { type: 'boolean' },
    configuration: { type: 'array', items: CONFIGURATION_KEY },
    resources: { type: 'array', items: RESOURCE },
    transformationsEnabled: { type: 'boolean' },
    bulkDownloadEnabled: { type: 'boolean' },
    bulkUploadEnabled: { type: 'boolean' },
    cloneable: { type: 'boolean' },
    extendable: { type: 'boolean' },
    extended: { type: 'boolean' },
    private: { type: 'boolean' },
    authentication: { type: 'object', properties: { type: { type: 'string' } } },
    hooks: { type: 'array' },
    hub: { type: 'string' },
    parameters: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, type: { type: 'string' }, required: { type: 'boolean' } } } },
  },
};
const flags = (...names: string[]) => ({ type: 'object', required: names, properties: Object.fromEntries(names.map((n) => [n, { type: 'boolean' }])) });
const EVENTS = { type: 'object', required: ['supported', 'methods'], properties: { supported: { type: 'boolean' }, methods: { type: 'array', items: { type: 'string' } } } };
const METADATA = {
  type: 'object',
  required: ['id', 'key', 'name', 'description', 'events'],
  properties: { id: { type: 'number' }, name: { type: 'string' }, key: { type: 'string' }, description: { type: 'string' }, events: EVENTS },
};
/** `?expand=true`; CE's `usage` (instance and customer counts, traffic) is left out: the hub does not count them. */
const EXPANDED_METADATA = {
  type: 'object',
  required: ['id', 'name', 'key', 'image', 'active', 'beta', 'description', 'transformations', 'elementType', 'normalizedPaging', 'cloneable', 'authenticationType', 'events', 'discovery', 'bulk', 'api', 'resources', 'hub'],
  properties: {
    ...METADATA.properties,
    id: { type: 'integer' },
    image: { type: 'string' },
    active: { type: 'boolean' },
    beta: { type: 'boolean' },
    transformations: { type: 'boolean' },
    elementType: { type: 'string' },
    normalizedPaging: { type: 'boolean' },
    cloneable: { type: 'boolean' },
    authenticationType: { type: 'string' },
    discovery: flags('customFields', 'customObjects', 'endpointCustomFields', 'endpointCustomObjects'),
    bulk: flags('upload', 'download'),
    api: { type: 'object', properties: { type: { type: 'string' }, contentType: { type: 'string' } } },
    hub: { type: 'string' },
    resources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['canonicalName', 'operations', 'events'],
        properties: {
          canonicalName: { type: 'string' },
          operations: { type: 'array', items: { type: 'string' } },
          events: { ...EVENTS, required: ['supported', 'methods', 'eventTypes'], properties: { ...EVENTS.properties, eventTypes: { type: 'array' } } },
        },
      },
    },
  },
};
const HUB = { type: 'object', required: ['key', 'name', 'description', 'active'], properties: { key: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, active: { type: 'boolean' } } };
const KEYS = { type: 'array', items: { type: 'string' } };
const listOf = (items: object) => ({ type: 'array', minItems: 1, items });

const ajv = new Ajv({ allErrors: true, strict: true });
/** Fails with ajv's own words, so a broken shape says which field. */
function expectShape(body: unknown, schema: object): void {
  const validate = ajv.compile(schema as AnySchemaObject);
  expect(validate(body) ? [] : validate.errors).toEqual([]);
}

describe('the element and hub catalogue (Cloud Elements platform endpoints)', () => {
  let hub: TestHub;
  const get = (path: string, auth = hub.auth) => hub.http().get(`${API}${path}`).set('Authorization', auth);

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it('GET /elements/keys and /hubs/keys: the keys', async () => {
    const elements = (await get('/elements/keys').expect(200)).body;
    expectShape(elements, KEYS);
    expect(elements).toEqual(['ciscospark']);
    const hubs = (await get('/hubs/keys').expect(200)).body;
    expectShape(hubs, KEYS);
    expect(hubs).toEqual(['collaboration']);
  });

  it('GET /elements, /elements/{key} and /elements/{id}: the element in its full shape', async () => {
    const listed = (await get('/elements').expect(200)).body;
    expectShape(listed, listOf(ELEMENT));
    const byKey = (await get('/elements/ciscospark').expect(200)).body;
    expectShape(byKey, ELEMENT);
    expect((await get('/elements/1').expect(200)).body).toEqual(byKey);
    expect(listed).toEqual([byKey]);
    expect(byKey).toMatchObject({ id: 1, key: 'ciscospark', name: 'Cisco Webex', hub: 'collaboration', authentication: { type: 'oauth2' }, typeOauth: true, active: true, deleted: false });
    expect(byKey.image).toMatch(/^data:image\/svg\+xml,/);
    // Each hub operation is a resource: the hub path, and the Webex call behind it.
    expect(byKey.resources).toContainEqual(expect.objectContaining({ path: '/hubs/collaboration/channels', method: 'GET', vendorPath: '/rooms', vendorMethod: 'GET' }));
    expect(byKey.resources).toContainEqual(expect.objectContaining({ path: '/hubs/collaboration/channels/{channelId}/messages', method: 'POST', vendorPath: '/messages', vendorMethod: 'POST' }));
    expect(byKey.resources).toContainEqual(expect.objectContaining({ path: '/hubs/collaboration/channels/{id}', method: 'PATCH', vendorPath: '/rooms/{id}', vendorMethod: 'PUT' }));
  });

  it('GET /elements/{keyOrId}/configuration: each key with description, type, required and default', async () => {
    const keys = (await get('/elements/ciscospark/configuration').expect(200)).body;
    expectShape(keys, listOf(CONFIGURATION_KEY));
    expect((await get('/elements/1/configuration').expect(200)).body).toEqual(keys);
    const key = (name: string) => keys.find((k: { key: string }) => k.key === name);
    expect(key('oauth.api.key')).toMatchObject({ required: true, type: 'text', hideFromConsole: false, description: expect.stringContaining('Client ID') });
    expect(key('oauth.api.secret')).toMatchObject({ required: true, type: 'password', secret: true });
    expect(key('pagination.max')).toMatchObject({ required: false, type: 'number', defaultValue: '100' });
    expect(key('oauth.user.refresh_time')).toMatchObject({ hideFromConsole: true });
    expect(key('oauth.callback.url').defaultValue).toBeUndefined();
    expect(keys.map((k: { displayOrder: number }) => k.displayOrder)).toEqual(keys.map((_: unknown, i: number) => i + 1));
    // The element's own view carries the same keys.
    expect((await get('/elements/ciscospark').expect(200)).body.configuration).toEqual(keys);
  });

  it('GET /elements/{keyOrId}/metadata and /elements/metadata: what the element supports', async () => {
    const metadata = (await get('/elements/ciscospark/metadata').expect(200)).body;
    expectShape(metadata, METADATA);
    expect(metadata).toMatchObject({ id: 1, key: 'ciscospark', hub: 'collaboration', authenticationType: 'oauth2', events: { supported: true, methods: ['webhook'] }, bulk: { upload: false, download: false } });
    expect(metadata.resources).toBeUndefined();
    expect((await get('/elements/metadata').expect(200)).body).toEqual([metadata]);

    const expanded = (await get('/elements/1/metadata?expand=true').expect(200)).body;
    expectShape(expanded, EXPANDED_METADATA);
    const resource = (name: string) => expanded.resources.find((r: { canonicalName: string }) => r.canonicalName === name);
    expect(resource('channels/{channelId}/messages')).toEqual({ canonicalName: 'channels/{channelId}/messages', operations: ['GET', 'POST'], events: { supported: true, methods: ['webhook'], eventTypes: ['CREATED', 'UPDATED', 'DELETED'] } });
    expect(resource('attachment-actions').events.supported).toBe(true);
    expect(resource('accounts').events).toEqual({ supported: false, methods: [], eventTypes: [] });
    expect(resource('groups').events.supported).toBe(false);

    const refused = await get('/elements/ciscospark/metadata?expand=maybe').expect(400);
    expect(refused.body).toMatchObject({ requestId: refused.headers['elements-request-id'], message: expect.stringContaining('expand') });
  });

  it("GET /elements/{keyOrId}/docs: the element's OpenAPI document, the same paths an instance's document has", async () => {
    const doc = (await get('/elements/ciscospark/docs').expect(200)).body;
    expect(doc).toMatchObject({ openapi: '3.0.0', info: { title: 'Cisco Webex' } });
    expect(doc.servers).toEqual([{ url: expect.stringMatching(/\/elements\/api-v2\/hubs\/collaboration$/) }]);
    expect(doc.paths['/channels/{channelId}/messages'].post.responses['200']).toBeDefined();
    expect(doc.components.schemas.WebexRoom).toBeDefined();
    const instance = await connectInstance(hub);
    const own = (await get(`/instances/${instance.id}/docs`).expect(200)).body;
    expect(doc.paths).toEqual(own.paths);
    // The same base; each supertest request comes from a port of its own, which the public URL follows.
    expect(new URL(doc.servers[0].url).pathname).toBe(new URL(own.servers[0].url).pathname);
    expect(doc.info.version).toBe(own.info.version);
  });

  it('GET /hubs, /hubs/{key} and /hubs/{key}/elements: the hub catalogue', async () => {
    const hubs = (await get('/hubs').expect(200)).body;
    expectShape(hubs, listOf(HUB));
    const collaboration = (await get('/hubs/collaboration').expect(200)).body;
    expectShape(collaboration, HUB);
    expect(hubs).toEqual([collaboration]);
    expect(collaboration).toMatchObject({ key: 'collaboration', name: 'Collaboration', active: true });
    expect(collaboration.resources).toBeUndefined();
    // hydrate=true: each hub with the resources its elements offer (what churros checks).
    const hydrated = (await get('/hubs?hydrate=true').expect(200)).body;
    expectShape(hydrated, listOf({ ...HUB, required: [...HUB.required, 'resources'], properties: { ...HUB.properties, resources: { type: 'array', minItems: 1, items: RESOURCE } } }));
    expect(hydrated[0].resources).toContainEqual(expect.objectContaining({ path: '/hubs/collaboration/channels/{channelId}/messages', method: 'GET' }));
    const operations = hydrated[0].resources.map((r: { method: string; path: string }) => `${r.method} ${r.path}`);
    expect(new Set(operations).size).toBe(operations.length);
    expect((await get('/hubs?hydrate=maybe').expect(400)).body.message).toContain('hydrate');
    const elements = (await get('/hubs/collaboration/elements').expect(200)).body;
    expectShape(elements, listOf(ELEMENT));
    expect(elements).toEqual([(await get('/elements/ciscospark').expect(200)).body]);
  });

  it("an unknown element or hub is a 404 with the hub's error body and its code", async () => {
    for (const [path, message] of [
      ['/elements/nope', 'Element nope not found'],
      ['/elements/nope/metadata', 'Element nope not found'],
      ['/elements/42/configuration', 'Element 42 not found'],
      ['/elements/nope/docs', 'Element nope not found'],
      ['/hubs/nope', 'Hub nope not found'],
      ['/hubs/nope/elements', 'Hub nope not found'],
      ['/hubs/', 'Cannot GET /elements/api-v2/hubs/'],
    ]) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.body).toMatchObject({ requestId: res.headers['elements-request-id'], code: 'NOT_FOUND', message });
    }
    const incomplete = await get('/elements/ciscospark/oauth/url?apiKey=k').expect(400);
    expect(incomplete.body).toMatchObject({ code: 'OAUTH_URL_PARAMETERS_MISSING', message: 'Missing required parameters: callbackUrl' });
  });

  it("answers no CE element-builder or hub-administration writes: the definitions are code", async () => {
    for (const [method, path] of [['post', '/hubs'], ['delete', '/hubs/collaboration'], ['put', '/elements/ciscospark/active'], ['post', '/elements/ciscospark/configuration']] as const) {
      const res = await hub.http()[method](`${API}${path}`).set('Authorization', hub.auth).send({});
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.body.requestId).toBe(res.headers['elements-request-id']);
    }
  });

  it('asks for the same credentials as the other /elements endpoints', async () => {
    for (const path of ['/elements/keys', '/elements/metadata', '/elements/ciscospark/metadata', '/elements/ciscospark/configuration', '/elements/ciscospark/docs', '/hubs', '/hubs/keys', '/hubs/collaboration', '/hubs/collaboration/elements']) {
      const res = await hub.http().get(`${API}${path}`);
      expect([path, res.status]).toEqual([path, 401]);
      expect(res.body).toMatchObject({ requestId: res.headers['elements-request-id'], message: expect.stringContaining('credentials') });
      expect((await get(path, 'User wrong, Organization wrong')).status).toBe(401);
    }
  });

  it('hub calls under /hubs/collaboration keep their route beside the catalogue', async () => {
    const instance = await connectInstance(hub);
    const auth = withElement(hub, instance.token);
    const created = (await hub.http().post(`${API}/hubs/collaboration/channels`).set('Authorization', auth).send({ title: 'Launch' }).expect(200)).body;
    expect((await get(`/hubs/collaboration/channels/${created.id}`, auth).expect(200)).body).toMatchObject({ id: created.id, title: 'Launch' });
    const listed = (await get('/hubs/collaboration/channels', auth).expect(200)).body;
    expect(listed.map((c: { id: string }) => c.id)).toContain(created.id);
    const message = (await hub.http().post(`${API}/hubs/collaboration/channels/${created.id}/messages`).set('Authorization', auth).send({ text: 'Hello' }).expect(200)).body;
    expect(message).toMatchObject({ roomId: created.id, text: 'Hello' });
    // A hub segment that is also a catalogue word still reaches the hub call below it.
    expect((await get(`/hubs/keys/channels/${created.id}`, auth).expect(200)).body.id).toBe(created.id);
    // The catalogue takes the Element part too, as the other /elements endpoints do.
    expect((await get('/hubs/collaboration/elements', auth).expect(200)).body[0].key).toBe('ciscospark');
    // Only GET /hubs/{key}/elements is the catalogue's: another verb there is a hub call, and no hub resource is named elements.
    const post = await hub.http().post(`${API}/hubs/collaboration/elements`).set('Authorization', auth).send({});
    expect(post.status).toBe(404);
    expect(post.body.message).toBe('Hub resource elements not found');
  });
});
