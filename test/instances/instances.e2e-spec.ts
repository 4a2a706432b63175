import { Instance } from '../../src/instances/instance.entity';
import { createOrganization } from '../support/factories';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';

describe('instances: the Cloud Elements recipe', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const instanceCount = async () => hub.dataSource().getRepository(Instance).count();

  it('gets an OAuth URL, consents at Webex, creates the instance and reads it back with its token', async () => {
    const options = hub.emulator.options;
    const url = await hub
      .http()
      .get(`${API}/elements/ciscospark/oauth/url`)
      .set('Authorization', hub.auth)
      .query({ apiKey: options.clientId, apiSecret: options.clientSecret, callbackUrl: options.redirectUris[0], state: 'xyz' })
      .expect(200);
    expect(url.body.element).toBe('ciscospark');
    const oauthUrl = new URL(url.body.oauthUrl);
    expect(`${oauthUrl.origin}${oauthUrl.pathname}`).toBe(`${hub.emulator.baseUrl}/authorize`);
    expect(Object.fromEntries(oauthUrl.searchParams)).toEqual({
      response_type: 'code',
      client_id: options.clientId,
      redirect_uri: options.redirectUris[0],
      scope: 'spark:all spark:kms',
      state: 'xyz',
    });

    const { code, location } = hub.emulator.authorize({ clientId: options.clientId, redirectUri: options.redirectUris[0], scope: 'spark:all spark:kms', state: 'xyz', email: 'ada@example.com' });
    expect(new URL(location).searchParams.get('state')).toBe('xyz');

    const created = await hub
      .http()
      .post(`${API}/instances`)
      .set('Authorization', hub.auth)
      .send({
        element: { key: 'ciscospark' },
        providerData: { code },
        configuration: { 'oauth.api.key': options.clientId, 'oauth.api.secret': options.clientSecret, 'oauth.callback.url': options.redirectUris[0] },
        tags: ['crm'],
        name: 'Ada at Webex',
      })
      .expect(200);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      name: 'Ada at Webex',
      element: { key: 'ciscospark' },
      tags: ['crm'],
      valid: true,
      disabled: false,
      eventsEnabled: false,
      email: 'ada@example.com',
      displayName: expect.any(String),
      createdDate: expect.any(String),
      updatedDate: expect.any(String),
    });
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(created.body.configuration['oauth.api.secret']).toBe('********');
    // Cloud Elements masks the client id in every echo too.
    expect(created.body.configuration['oauth.api.key']).toBe('********');
    expect(Number(created.body.configuration['oauth.user.refresh_interval'])).toBe(options.accessTokenTtl);
    expect(Math.abs(Number(created.body.configuration['oauth.user.refresh_time']) - Date.now())).toBeLessThan(60_000);

    const read = await hub.http().get(`${API}/instances/${created.body.id}`).set('Authorization', withElement(hub, created.body.token)).expect(200);
    expect(read.body).toMatchObject({ id: created.body.id, email: 'ada@example.com', token: '********' });
    const byToken = await hub.http().get(`${API}/instance`).set('Authorization', withElement(hub, created.body.token)).expect(200);
    expect(byToken.body.id).toBe(created.body.id);
  });

  it('makes a random state of at least 128 bits when the caller gives none, and accepts the POST form', async () => {
    const res = await hub
      .http()
      .post(`${API}/elements/ciscospark/oauth/url`)
      .set('Authorization', hub.auth)
      .send({ apiKey: 'k', callbackUrl: 'https://app.example/cb', scope: 'spark:rooms_read spark:messages_read' })
      .expect(200);
    expect(Buffer.from(res.body.state, 'base64url').length).toBeGreaterThanOrEqual(16);
    const url = new URL(res.body.oauthUrl);
    expect(url.searchParams.get('state')).toBe(res.body.state);
    expect(url.searchParams.get('scope')).toBe('spark:rooms_read spark:messages_read');
  });

  it('names the missing apiKey and callbackUrl', async () => {
    const res = await hub.http().get(`${API}/elements/ciscospark/oauth/url`).set('Authorization', hub.auth).expect(400);
    expect(res.body.message).toContain('apiKey');
    expect(res.body.message).toContain('callbackUrl');
    expect(res.body.requestId).toBe(res.headers['elements-request-id']);
  });

  it('lists the element catalogue by key and by id', async () => {
    const list = await hub.http().get(`${API}/elements`).set('Authorization', hub.auth).expect(200);
    expect(list.body.map((e: { key: string }) => e.key)).toEqual(['ciscospark']);
    const byId = await hub.http().get(`${API}/elements/${list.body[0].id}`).set('Authorization', hub.auth).expect(200);
    expect(byId.body).toMatchObject({ key: 'ciscospark', hub: 'collaboration', authentication: { type: 'oauth2' } });
    expect(byId.body.configuration.map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(['oauth.api.key', 'oauth.api.secret', 'oauth.callback.url']));
    await hub.http().get(`${API}/elements/nope`).set('Authorization', hub.auth).expect(404);
  });

  it('lists every missing configuration key and stores nothing', async () => {
    const before = await instanceCount();
    const res = await hub
      .http()
      .post(`${API}/instances`)
      .set('Authorization', hub.auth)
      .send({ element: { key: 'ciscospark' }, providerData: { code: 'x' }, configuration: { 'oauth.api.key': 'k' } })
      .expect(400);
    expect(res.body.message).toContain('oauth.api.secret');
    expect(res.body.message).toContain('oauth.callback.url');
    expect(await instanceCount()).toBe(before);
  });

  it('answers a rejected or reused code with Webex message as providerMessage and leaves no row', async () => {
    const options = hub.emulator.options;
    const configuration = { 'oauth.api.key': options.clientId, 'oauth.api.secret': options.clientSecret, 'oauth.callback.url': options.redirectUris[0] };
    const before = await instanceCount();
    const bogus = await hub.http().post(`${API}/instances`).set('Authorization', hub.auth).send({ element: { key: 'ciscospark' }, providerData: { code: 'not-a-code' }, configuration }).expect(400);
    expect(bogus.body.providerMessage).toEqual(expect.any(String));
    expect(bogus.body.providerMessage.length).toBeGreaterThan(0);

    const { code } = hub.emulator.authorize({ clientId: options.clientId, redirectUri: options.redirectUris[0], scope: 'spark:all', state: 's', email: 'reuse@example.com' });
    await hub.http().post(`${API}/instances`).set('Authorization', hub.auth).send({ element: { key: 'ciscospark' }, providerData: { code }, configuration }).expect(200);
    const reused = await hub.http().post(`${API}/instances`).set('Authorization', hub.auth).send({ element: { key: 'ciscospark' }, providerData: { code }, configuration }).expect(400);
    expect(reused.body.providerMessage).toEqual(expect.any(String));
    expect(await instanceCount()).toBe(before + 1);

    const wrongSecret = await hub
      .http()
      .post(`${API}/instances`)
      .set('Authorization', hub.auth)
      .send({ element: { key: 'ciscospark' }, providerData: { code: 'whatever' }, configuration: { ...configuration, 'oauth.api.secret': 'wrong' } })
      .expect(400);
    expect(wrongSecret.body.providerMessage).toEqual(expect.any(String));
    expect(JSON.stringify(wrongSecret.body)).not.toContain('wrong"');
    expect(await instanceCount()).toBe(before + 1);
  });

  it('creates an instance from an existing refresh token (externalAuthentication: initial)', async () => {
    const options = hub.emulator.options;
    const first = await connectInstance(hub);
    // A refresh token the app got elsewhere: exchange a code directly with Webex.
    const { code } = hub.emulator.authorize({ clientId: options.clientId, redirectUri: options.redirectUris[0], scope: 'spark:all', state: 's', email: first.email });
    const token = await fetch(`${hub.emulator.baseUrl}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: options.clientId, client_secret: options.clientSecret, redirect_uri: options.redirectUris[0] }),
    }).then((r) => r.json() as Promise<{ refresh_token: string }>);
    const created = await hub
      .http()
      .post(`${API}/instances`)
      .set('Authorization', hub.auth)
      .send({
        element: { key: 'ciscospark' },
        externalAuthentication: 'initial',
        configuration: { 'oauth.api.key': options.clientId, 'oauth.api.secret': options.clientSecret, 'oauth.user.refresh_token': token.refresh_token },
      })
      .expect(200);
    expect(created.body.email).toBe(first.email);
    expect(JSON.stringify(created.body)).not.toContain(token.refresh_token);
  });

  it('lists by tags, patches, replaces, disables, enables and deletes', async () => {
    const a = await connectInstance(hub, { tags: ['alpha', 'shared'] });
    const b = await connectInstance(hub, { tags: ['beta', 'shared'] });
    const list = (tags: string[]) =>
      hub.http().get(`${API}/instances`).query(tags.map((t) => `tags[]=${t}`).join('&')).set('Authorization', hub.auth).expect(200).then((r) => r.body.map((i: { id: number }) => i.id));
    expect(await list(['alpha'])).toEqual([a.id]);
    expect(await list(['shared'])).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await list(['alpha', 'beta'])).toEqual([]);

    const patched = await hub.http().patch(`${API}/instances/${a.id}`).set('Authorization', hub.auth).send({ name: 'renamed', configuration: { 'pagination.max': 50 } }).expect(200);
    expect(patched.body).toMatchObject({ name: 'renamed', tags: ['alpha', 'shared'] });
    expect(patched.body.configuration['pagination.max']).toBe('50');
    expect(patched.body.configuration['oauth.api.secret']).toBe('********');

    const entry = await hub.http().get(`${API}/instances/${a.id}/configuration/pagination.max`).set('Authorization', hub.auth).expect(200);
    expect(entry.body).toMatchObject({ key: 'pagination.max', propertyValue: '50' });
    await hub.http().patch(`${API}/instances/${a.id}/configuration/filter.response.nulls`).set('Authorization', hub.auth).send({ propertyValue: false }).expect(200);
    const all = await hub.http().get(`${API}/instances/${a.id}/configuration`).set('Authorization', hub.auth).expect(200);
    const byKey = Object.fromEntries(all.body.map((e: { key: string; propertyValue: string }) => [e.key, e.propertyValue]));
    expect(byKey).toMatchObject({ 'filter.response.nulls': 'false', 'oauth.api.secret': '********', 'pagination.max': '50' });
    await hub.http().get(`${API}/instances/${a.id}/configuration/no.such.key`).set('Authorization', hub.auth).expect(404);

    const replaced = await hub
      .http()
      .put(`${API}/instances/${a.id}`)
      .set('Authorization', hub.auth)
      .send({ name: 'replaced', tags: ['gamma'], configuration: { 'oauth.api.key': hub.emulator.options.clientId, 'oauth.callback.url': hub.emulator.options.redirectUris[0] } })
      .expect(200);
    expect(replaced.body).toMatchObject({ name: 'replaced', tags: ['gamma'] });
    expect(replaced.body.configuration['oauth.api.secret']).toBe('********');
    expect(replaced.body.configuration['pagination.max']).toBeUndefined();

    expect((await hub.http().delete(`${API}/instances/${a.id}/enabled`).set('Authorization', hub.auth).expect(200)).body.disabled).toBe(true);
    expect((await hub.http().put(`${API}/instances/${a.id}/enabled`).set('Authorization', hub.auth).expect(200)).body.disabled).toBe(false);

    await hub.http().patch(`${API}/instances`).set('Authorization', withElement(hub, b.token)).send({ name: 'by token' }).expect(200);
    expect((await hub.http().get(`${API}/instances/${b.id}`).set('Authorization', hub.auth).expect(200)).body.name).toBe('by token');
    await hub.http().delete(`${API}/instances`).set('Authorization', withElement(hub, b.token)).expect(200);
    await hub.http().get(`${API}/instances/${b.id}`).set('Authorization', hub.auth).expect(404);
    await hub.http().get(`${API}/instance`).set('Authorization', withElement(hub, b.token)).expect(401);

    await hub.http().delete(`${API}/instances/${a.id}`).set('Authorization', hub.auth).expect(200);
    await hub.http().get(`${API}/instances/${a.id}`).set('Authorization', hub.auth).expect(404);
  });

  it('rotates the instance token: the new one works, the old one stops', async () => {
    const a = await connectInstance(hub);
    await hub.http().get(`${API}/instance`).set('Authorization', withElement(hub, a.token)).expect(200);
    const rotated = await hub.http().post(`${API}/instances/${a.id}/token`).set('Authorization', hub.auth).expect(200);
    expect(rotated.body.token).not.toBe(a.token);
    await hub.http().get(`${API}/instance`).set('Authorization', withElement(hub, a.token)).expect(401);
    await hub.http().get(`${API}/instance`).set('Authorization', withElement(hub, rotated.body.token)).expect(200);
  });

  it('keeps another organization out of the first one’s instances', async () => {
    const mine = await connectInstance(hub);
    const other = await createOrganization(hub);
    const list = await hub.http().get(`${API}/instances`).set('Authorization', other.auth).expect(200);
    expect(list.body).toEqual([]);
    await hub.http().get(`${API}/instances/${mine.id}`).set('Authorization', other.auth).expect(404);
    await hub.http().patch(`${API}/instances/${mine.id}`).set('Authorization', other.auth).send({ name: 'hijacked' }).expect(404);
    await hub.http().delete(`${API}/instances/${mine.id}`).set('Authorization', other.auth).expect(404);
    await hub.http().delete(`${API}/instances/${mine.id}/enabled`).set('Authorization', other.auth).expect(404);
    await hub.http().get(`${API}/instance`).set('Authorization', `${other.auth}, Element ${mine.token}`).expect(401);
    await hub.http().delete(`${API}/instances`).set('Authorization', `${other.auth}, Element ${mine.token}`).expect(401);
    const still = await hub.http().get(`${API}/instances/${mine.id}`).set('Authorization', hub.auth).expect(200);
    expect(still.body).toMatchObject({ name: mine.body.name, disabled: false });
  });
});
