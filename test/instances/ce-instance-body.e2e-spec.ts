import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ciscospark } from '../../src/elements/ciscospark.element';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';

/**
 * Cloud Elements' instance body, restated from its public docs: churros' element instance schema
 * (id, name, token, valid, tags and a user with id, emailAddress, firstName and lastName, all
 * required) and the fields of CE's create-instance answer (the element with its id, name, key,
 * hub, image, active and authentication.type; the cache, trace and provisioning fields).
 */
const CE_INSTANCE = {
  type: 'object',
  required: ['id', 'name', 'token', 'valid', 'tags', 'user', 'element', 'configuration', 'disabled', 'eventsEnabled', 'cachingEnabled', 'cacheTimeToLive', 'maxCacheSize', 'traceLoggingEnabled', 'externalAuthentication', 'provisionInteractions', 'createdDate'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    token: { type: 'string' },
    valid: { type: 'boolean' },
    disabled: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    configuration: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
    user: {
      type: 'object',
      required: ['id', 'emailAddress', 'firstName', 'lastName'],
      properties: { id: { type: 'integer' }, emailAddress: { type: 'string' }, firstName: { type: 'string' }, lastName: { type: 'string' } },
    },
    element: {
      type: 'object',
      required: ['id', 'name', 'key', 'hub', 'image', 'active', 'authentication'],
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        key: { type: 'string' },
        hub: { type: 'string' },
        image: { type: 'string' },
        active: { type: 'boolean' },
        deleted: { type: 'boolean' },
        typeOauth: { type: 'boolean' },
        authentication: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
      },
    },
    eventsEnabled: { type: 'boolean' },
    cachingEnabled: { type: 'boolean' },
    cacheTimeToLive: { type: 'integer', minimum: 0 },
    maxCacheSize: { type: 'integer', minimum: 0 },
    traceLoggingEnabled: { type: 'boolean' },
    externalAuthentication: { type: 'string' },
    provisionInteractions: { type: 'array' },
    createdDate: { type: 'string', format: 'date-time' },
  },
};

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(CE_INSTANCE);
const schemaErrors = (body: unknown) => (validate(body) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));

describe('instances: Cloud Elements instance body and the instance routes CE clients call', () => {
  let hub: TestHub;
  let ada: ConnectedInstance;
  const get = (path: string, auth = hub.auth) => hub.http().get(`${API}${path}`).set('Authorization', auth);

  beforeAll(async () => {
    hub = await startHub();
    ada = await connectInstance(hub, { name: '<b>Ada</b> at <i>Webex</i>', tags: ['crm'] });
  });
  afterAll(() => hub.close());

  /** A code for a new consent at the emulator, as the OAuth round trip yields. */
  const consent = (email: string) => {
    const options = hub.emulator.options;
    hub.emulator.createPerson({ email, displayName: email });
    return hub.emulator.authorize({ clientId: options.clientId, redirectUri: options.redirectUris[0], scope: 'spark:all spark:kms', state: 's', email }).code;
  };
  const configuration = () => ({ 'oauth.api.key': hub.emulator.options.clientId, 'oauth.api.secret': hub.emulator.options.clientSecret, 'oauth.callback.url': hub.emulator.options.redirectUris[0] });

  it('answers CE instance bodies, with the owner, the full element, CE defaults, no HTML in the name and the client id masked', async () => {
    const answers = [ada.body, (await get(`/instances/${ada.id}`).expect(200)).body, (await get('/instance', withElement(hub, ada.token)).expect(200)).body];
    answers.push((await get('/instances').expect(200)).body.find((i: { id: number }) => i.id === ada.id));
    for (const body of answers) {
      expect(schemaErrors(body)).toEqual([]);
      expect(body).toMatchObject({
        id: ada.id,
        name: 'Ada at Webex',
        user: { emailAddress: 'admin@localhost', firstName: 'Hub', lastName: 'Admin' },
        element: { id: ciscospark.id, key: 'ciscospark', name: ciscospark.name, hub: 'collaboration', active: true, authentication: { type: 'oauth2' } },
        elementId: ciscospark.id,
        cachingEnabled: false,
        cacheTimeToLive: 0,
        maxCacheSize: 0,
        traceLoggingEnabled: false,
        externalAuthentication: 'none',
        provisionInteractions: [],
        configuration: { 'oauth.api.key': '********', 'oauth.api.secret': '********' },
        // The hub's own fields stay.
        email: ada.email,
        account: { email: ada.email },
      });
    }
    expect(ada.body.token).not.toBe('********');
  });

  it("shows the instance's owner, not the caller: a user without names has the email's local part as first name", async () => {
    const user = await hub.http().post(`${API}/users`).set('Authorization', hub.auth).send({ email: 'dev@example.com', role: 'user' }).expect(200);
    const devAuth = `User ${user.body.secret}, Organization ${hub.organizationSecret}`;
    const dev = await connectInstance(hub, { auth: devAuth, name: 'Dev desk' });
    const owner = { id: user.body.id, emailAddress: 'dev@example.com', firstName: 'dev', lastName: '' };
    expect(dev.body.user).toEqual(owner);
    // The admin sees it too, still as the developer's.
    expect((await get(`/instances/${dev.id}`).expect(200)).body.user).toEqual(owner);
    expect((await get('/instances').expect(200)).body.find((i: { id: number }) => i.id === dev.id).user).toEqual(owner);
  });

  it('sets the cache settings with PATCH, and refuses values out of bounds with a 400 that writes nothing', async () => {
    const patch = (body: object) => hub.http().patch(`${API}/instances/${ada.id}`).set('Authorization', hub.auth).send(body);
    const set = { cachingEnabled: true, cacheTimeToLive: 300, maxCacheSize: 50 };
    expect((await patch(set).expect(200)).body).toMatchObject(set);
    for (const bad of [{ cacheTimeToLive: -1 }, { cacheTimeToLive: 86_401 }, { cacheTimeToLive: 1.5 }, { cacheTimeToLive: '300' }, { maxCacheSize: 10_001 }, { cachingEnabled: 'yes' }, { name: '<script>x()</script>' }]) {
      const res = await patch({ maxCacheSize: 7, ...bad });
      expect({ bad, status: res.status, requestId: res.body.requestId }).toEqual({ bad, status: 400, requestId: res.headers['elements-request-id'] });
    }
    expect((await get(`/instances/${ada.id}`).expect(200)).body).toMatchObject({ ...set, name: 'Ada at Webex' });
    await patch({ cachingEnabled: false, cacheTimeToLive: 0, maxCacheSize: 0 }).expect(200);
  });

  it('takes back in a PUT the whole body a GET answered, masks and all, and changes nothing', async () => {
    await hub.http().patch(`${API}/instances/${ada.id}`).set('Authorization', hub.auth).send({ cachingEnabled: true, cacheTimeToLive: 60, maxCacheSize: 5 }).expect(200);
    const { updatedDate: _before, ...before } = (await get(`/instances/${ada.id}`).expect(200)).body;
    await hub.http().put(`${API}/instances/${ada.id}`).set('Authorization', hub.auth).send(before).expect(200);
    const { updatedDate: _after, ...after } = (await get(`/instances/${ada.id}`).expect(200)).body;
    expect(after).toEqual(before);
    // The client id and secret kept behind their masks still refresh the tokens.
    expect((await hub.http().post(`${API}/instances/${ada.id}/tokens/refresh`).set('Authorization', hub.auth)).status).toBe(200);
    await hub.http().patch(`${API}/instances/${ada.id}`).set('Authorization', hub.auth).send({ cachingEnabled: false, cacheTimeToLive: 0, maxCacheSize: 0 }).expect(200);
  });

  it("gives each configuration item the element's description, type, required and hideFromConsole", async () => {
    const items: Array<Record<string, unknown>> = (await get(`/instances/${ada.id}/configuration`).expect(200)).body;
    for (const definition of ciscospark.configuration.filter((c) => items.some((i) => i.key === c.key))) {
      expect(items.find((i) => i.key === definition.key)).toMatchObject({
        description: definition.description,
        type: definition.type ?? 'text',
        required: definition.required ?? false,
        hideFromConsole: definition.hideFromConsole ?? false,
      });
    }
    expect(items.find((i) => i.key === 'oauth.api.key')).toMatchObject({ required: true, propertyValue: '********', secret: false });
    expect(items.find((i) => i.key === 'oauth.user.refresh_interval')).toMatchObject({ type: 'number', hideFromConsole: true });
  });

  it('answers the Element-token forms for the instance of the token', async () => {
    const byToken = withElement(hub, ada.token);
    expect((await get('/instances/configuration', byToken).expect(200)).body).toEqual((await get(`/instances/${ada.id}/configuration`).expect(200)).body);
    await hub.http().patch(`${API}/instances/configuration/pagination.max`).set('Authorization', byToken).send({ propertyValue: 40 }).expect(200);
    expect((await get('/instances/configuration/pagination.max', byToken).expect(200)).body).toMatchObject({ key: 'pagination.max', propertyValue: '40' });
    expect((await hub.http().delete(`${API}/instances/enabled`).set('Authorization', byToken).expect(200)).body).toMatchObject({ id: ada.id, disabled: true });
    expect((await hub.http().put(`${API}/instances/enabled`).set('Authorization', byToken).expect(200)).body).toMatchObject({ id: ada.id, disabled: false });
    const docs = (await get('/instances/docs', byToken).expect(200)).body;
    expect(docs.paths['/channels'].get.operationId).toBe('listChannels');

    // Without an Element token they name what is missing, not an id.
    const unnamed = await get('/instances/configuration');
    expect({ status: unnamed.status, code: unnamed.body.code }).toEqual({ status: 400, code: 'INSTANCE_NOT_NAMED' });
  });

  it('cuts the instance document to one operation, by id or Element token, and answers 404 for an unknown operationId', async () => {
    for (const path of [`/instances/${ada.id}/docs/createChannels`, '/instances/docs/createChannels']) {
      const doc = (await get(path, withElement(hub, ada.token)).expect(200)).body;
      expect(Object.keys(doc.paths)).toEqual(['/channels']);
      expect(Object.keys(doc.paths['/channels'])).toEqual(['post']);
      expect(doc.paths['/channels'].post.operationId).toBe('createChannels');
      expect(doc.components.schemas).toBeDefined();
    }
    const unknown = await get(`/instances/${ada.id}/docs/noSuchOperation`);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('answers the element-scoped instance routes by key or id, and 404 for another element', async () => {
    const created = await hub
      .http()
      .post(`${API}/elements/ciscospark/instances`)
      .set('Authorization', hub.auth)
      .send({ providerData: { code: consent('scoped@example.com') }, configuration: configuration(), name: 'Scoped' })
      .expect(200);
    expect(schemaErrors(created.body)).toEqual([]);
    expect(created.body.element.key).toBe('ciscospark');
    for (const keyOrId of ['ciscospark', String(ciscospark.id)]) {
      expect((await get(`/elements/${keyOrId}/instances`).expect(200)).body.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([ada.id, created.body.id]));
      expect((await get(`/elements/${keyOrId}/instances/${created.body.id}`).expect(200)).body.name).toBe('Scoped');
    }
    const replaced = await hub.http().put(`${API}/elements/ciscospark/instances/${created.body.id}`).set('Authorization', hub.auth).send({ name: 'Scoped again', configuration: configuration() }).expect(200);
    expect(replaced.body.name).toBe('Scoped again');
    for (const path of ['/elements/nosuch/instances', `/elements/nosuch/instances/${created.body.id}`]) {
      const res = await get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
    await hub.http().delete(`${API}/elements/ciscospark/instances/${created.body.id}`).set('Authorization', hub.auth).expect(200);
    await get(`/instances/${created.body.id}`).expect(404);
  });

  describe('searchText and paging', () => {
    beforeAll(async () => {
      for (const [name, tags] of [['Alpha sales', []], ['Beta', ['SALES-team']], ['Gamma', []], ['100% done', []], ['under_score', ['x']]] as const) {
        await connectInstance(hub, { name, tags: [...tags] });
      }
    });

    type Listed = { id: number; name: string; tags: string[] };
    const everything = async (): Promise<Listed[]> => (await get('/instances').expect(200)).body;
    /** Every page of a listing, following elements-next-page-token. */
    const walk = async (query: Record<string, string | number>) => {
      const pages: Listed[][] = [];
      let nextPage: string | undefined;
      do {
        const res = await get('/instances').query({ ...query, ...(nextPage && { nextPage }) }).expect(200);
        expect(Number(res.headers['elements-returned-count'])).toBe(res.body.length);
        pages.push(res.body);
        nextPage = res.headers['elements-next-page-token'];
      } while (nextPage && pages.length < 50);
      return pages;
    };

    it('keeps the instances whose name or a tag contains searchText, ignoring case, with % and _ taken literally', async () => {
      const all = await everything();
      for (const searchText of ['SALES', 'sales-t', 'amm', '%', '_', 'nothing like it']) {
        const expected = all.filter((i) => [i.name, ...i.tags].some((text) => text.toLowerCase().includes(searchText.toLowerCase()))).map((i) => i.id);
        const found = (await get('/instances').query({ searchText }).expect(200)).body.map((i: Listed) => i.id);
        expect({ searchText, found }).toEqual({ searchText, found: expected });
      }
    });

    it('pages with pageSize and nextPage, each instance once and in order, with or without searchText', async () => {
      const all = await everything();
      expect(all.length).toBeGreaterThanOrEqual(6);
      const pages = await walk({ pageSize: 2 });
      expect(pages.every((page) => page.length <= 2)).toBe(true);
      expect(pages.flat().map((i) => i.id)).toEqual(all.map((i) => i.id));

      const sales = (await get('/instances').query({ searchText: 'sales' }).expect(200)).body.map((i: Listed) => i.id);
      const salesPages = await walk({ pageSize: 1, searchText: 'sales' });
      expect(salesPages.flat().map((i) => i.id)).toEqual(sales);
      expect(salesPages).toHaveLength(sales.length);
    });

    it('reads each page with one query of the instances table, owners joined', async () => {
      const runner = hub.dataSource().createQueryRunner();
      const query = jest.spyOn(Object.getPrototypeOf(runner), 'query');
      await runner.release();
      try {
        const first = await get('/instances').query({ pageSize: 2 }).expect(200);
        await get('/instances').query({ pageSize: 2, nextPage: first.headers['elements-next-page-token'] }).expect(200);
        const reads = query.mock.calls.map(([sql]) => String(sql)).filter((sql) => sql.includes('FROM "instances" "i"'));
        expect(reads).toHaveLength(2);
      } finally {
        query.mockRestore();
      }
    });

    it('refuses a nextPage that was altered, or issued for another search, and a pageSize out of bounds', async () => {
      const first = await get('/instances').query({ pageSize: 1, searchText: 'a' }).expect(200);
      const token: string = first.headers['elements-next-page-token'];
      const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      for (const query of [{ pageSize: 1, searchText: 'a', nextPage: altered }, { pageSize: 1, searchText: 'b', nextPage: token }, { pageSize: 1, nextPage: 'forged' }]) {
        const res = await get('/instances').query(query);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'INVALID_NEXT_PAGE' });
      }
      for (const pageSize of ['0', '501', 'two']) {
        const res = await get('/instances').query({ pageSize });
        expect({ pageSize, status: res.status, code: res.body.code }).toEqual({ pageSize, status: 400, code: 'VALIDATION_FAILED' });
      }
    });
  });
});
