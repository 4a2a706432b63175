import { SecretBox } from '../../src/common/secret-box';
import { Instance } from '../../src/instances/instance.entity';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance } from '../support/recipe';

const SIGNATURE_KEY = 'signature-key-of-the-client';

/** Reading an instance and writing its configuration back as it came (masks and all) keeps its secrets, and the client id Cloud Elements masks too. */
describe('instances: secrets read as ******** and written back', () => {
  let hub: TestHub;
  let instance: ConnectedInstance;

  beforeAll(async () => {
    hub = await startHub();
    instance = await connectInstance(hub, { configuration: { 'event.notification.signature.key': SIGNATURE_KEY } });
  });
  afterAll(() => hub.close());

  const read = async () => (await hub.http().get(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).expect(200)).body;
  const storedSecrets = async () => {
    const stored = await hub.dataSource().getRepository(Instance).findOneByOrFail({ id: instance.id });
    const box = hub.app.get(SecretBox);
    return {
      apiKey: stored.configuration['oauth.api.key'],
      apiSecret: box.open(stored.configuration['oauth.api.secret']),
      signatureKey: box.open(stored.configuration['event.notification.signature.key']),
    };
  };
  const original = () => ({ apiKey: hub.emulator.options.clientId, apiSecret: hub.emulator.options.clientSecret, signatureKey: SIGNATURE_KEY });
  /** What the user notices when the client secret is lost: the next refresh fails with invalid_client. */
  const refreshes = async () => {
    const res = await hub.http().post(`${API}/instances/${instance.id}/tokens/refresh`).set('Authorization', hub.auth);
    return { status: res.status, valid: res.body.valid };
  };

  it('PUT of the configuration as read keeps both secrets and the client id, and the next refresh works', async () => {
    const before = await read();
    expect(before.configuration).toMatchObject({ 'oauth.api.key': '********', 'oauth.api.secret': '********', 'event.notification.signature.key': '********' });
    const put = await hub.http().put(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).send({ name: 'Renamed', tags: before.tags, configuration: before.configuration });
    expect(put.status).toBe(200);
    expect(await storedSecrets()).toEqual(original());
    expect(await refreshes()).toEqual({ status: 200, valid: true });
  });

  it('PATCH of the configuration as read, and of each masked entry, keeps the secrets and the client id', async () => {
    const before = await read();
    await hub.http().patch(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).send({ configuration: { ...before.configuration, 'pagination.max': '50' } }).expect(200);
    for (const key of ['oauth.api.key', 'oauth.api.secret', 'event.notification.signature.key']) {
      const entry = await hub.http().get(`${API}/instances/${instance.id}/configuration/${key}`).set('Authorization', hub.auth).expect(200);
      await hub.http().patch(`${API}/instances/${instance.id}/configuration/${key}`).set('Authorization', hub.auth).send({ propertyValue: entry.body.propertyValue }).expect(200);
    }
    expect(await storedSecrets()).toEqual(original());
    expect((await read()).configuration['pagination.max']).toBe('50');
    expect(await refreshes()).toEqual({ status: 200, valid: true });
  });

  it('refuses ******** for a secret that has no stored value, with a 400 and nothing written', async () => {
    const patched = await hub
      .http()
      .patch(`${API}/instances/${instance.id}/configuration/oauth.user.refresh_token`)
      .set('Authorization', hub.auth)
      .send({ propertyValue: '********' });
    expect({ status: patched.status, message: patched.body.message }).toEqual({ status: 400, message: expect.stringContaining('oauth.user.refresh_token') });
    expect((await read()).configuration).not.toHaveProperty('oauth.user.refresh_token');

    const options = hub.emulator.options;
    const created = await hub
      .http()
      .post(`${API}/instances`)
      .set('Authorization', hub.auth)
      .send({ element: { key: 'ciscospark' }, providerData: { code: 'unused' }, configuration: { 'oauth.api.key': options.clientId, 'oauth.api.secret': '********', 'oauth.callback.url': options.redirectUris[0] } });
    expect({ status: created.status, message: created.body.message }).toEqual({ status: 400, message: expect.stringContaining('oauth.api.secret') });
  });
});
