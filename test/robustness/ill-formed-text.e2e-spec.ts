import { createHmac } from 'node:crypto';
import { eventsConfiguration, startReceiver, startRelayHub, type Receiver } from '../events/relay-support';
import { API, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance } from '../support/recipe';

/**
 * NUL and lone UTF-16 surrogates cannot be stored as PostgreSQL text (nor JSON text): wherever a
 * client sends one, the hub answers 400 with its error body before it calls Webex or writes.
 */
describe('NUL bytes and lone surrogates in what a client sends', () => {
  let hub: TestHub & { publicUrl: string };
  let receiver: Receiver;
  let instance: ConnectedInstance;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub();
    instance = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url) });
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  const BAD = { nul: 'a\u0000b', surrogate: 'a\ud800b', lowSurrogate: '\udc00x' };
  const expectRefused = (res: { status: number; body: any; headers: Record<string, string> }) => {
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { requestId: res.headers['elements-request-id'], code: 'UNSTORABLE_TEXT', message: expect.stringMatching(/NUL|surrogate/) },
    });
  };

  it('refuses them in a new instance before the code exchange, so the same code still works on a retry', async () => {
    const options = hub.emulator.options;
    const email = 'nul-retry@example.com';
    hub.emulator.createPerson({ email, displayName: 'Nul Retry' });
    const { code } = hub.emulator.authorize({ clientId: options.clientId, redirectUri: options.redirectUris[0], scope: 'spark:all spark:kms', state: 's', email });
    const configuration = { 'oauth.api.key': options.clientId, 'oauth.api.secret': options.clientSecret, 'oauth.callback.url': options.redirectUris[0] };
    const create = (body: Record<string, unknown>) =>
      hub.http().post(`${API}/instances`).set('Authorization', hub.auth).send({ element: { key: 'ciscospark' }, providerData: { code }, configuration, ...body });

    expectRefused(await create({ name: BAD.nul }));
    expectRefused(await create({ name: BAD.surrogate }));
    expectRefused(await create({ tags: ['ok', BAD.lowSurrogate] }));
    expectRefused(await create({ configuration: { ...configuration, [`key${BAD.nul}`]: 'v' } }));
    expectRefused(await create({ configuration: { ...configuration, 'oauth.scope': BAD.surrogate } }));

    const retried = await create({ name: 'Clean at last', tags: ['ok'] });
    expect({ status: retried.status, name: retried.body.name, email: retried.body.email }).toEqual({ status: 200, name: 'Clean at last', email });
  });

  it('refuses them in changes to an instance, in configId and in tags[]', async () => {
    const patch = (body: object) => hub.http().patch(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).send(body);
    expectRefused(await patch({ name: BAD.nul }));
    expectRefused(await patch({ tags: [BAD.surrogate] }));
    expectRefused(await patch({ configuration: { 'pagination.max': BAD.nul } }));
    expectRefused(await hub.http().put(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).send({ configuration: { [BAD.surrogate]: '1' } }));
    expectRefused(await hub.http().get(`${API}/instances/${instance.id}/configuration/a%00b`).set('Authorization', hub.auth));
    expectRefused(await hub.http().patch(`${API}/instances/${instance.id}/configuration/a%00b`).set('Authorization', hub.auth).send({ propertyValue: '1' }));
    expectRefused(await hub.http().get(`${API}/instances?tags[]=a%00b`).set('Authorization', hub.auth));
    // Nothing was written.
    const read = await hub.http().get(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).expect(200);
    expect(read.body.name).toBe(instance.body.name);
  });

  it('refuses them in user names and emails', async () => {
    const create = (body: object) => hub.http().post(`${API}/users`).set('Authorization', hub.auth).send(body);
    expectRefused(await create({ email: 'ok@example.com', firstName: BAD.nul }));
    expectRefused(await create({ email: 'ok@example.com', lastName: BAD.surrogate }));
    expectRefused(await create({ email: `a${BAD.nul}@example.com` }));
  });

  it('refuses them in a signed Webex delivery (event id) at the inbox, and in hub calls', async () => {
    const webhook = [...hub.emulator.emulator.store.webhooks.values()].find((w) => w.targetUrl.startsWith(`${hub.publicUrl}${API}/events/`))!;
    const body = JSON.stringify({ id: BAD.nul, resource: 'messages', event: 'created', data: { id: 'm1' } });
    const signature = createHmac('sha1', webhook.secret!).update(body).digest('hex');
    expectRefused(await hub.http().post(new URL(webhook.targetUrl).pathname).set('content-type', 'application/json').set('x-spark-signature', signature).send(body));

    const auth = `${hub.auth}, Element ${instance.token}`;
    expectRefused(await hub.http().post(`${API}/hubs/collaboration/channels`).set('Authorization', auth).send({ title: BAD.surrogate }));
    expectRefused(await hub.http().get(`${API}/hubs/collaboration/channels/a%00b`).set('Authorization', auth));
    expectRefused(await hub.http().get(`${API}/hubs/collaboration/channels?type=a%00b`).set('Authorization', auth));
  });

  it('refuses them in form bodies', async () => {
    expectRefused(await hub.http().post(`${API}/console/login`).type('form').send('username=a%00b&password=x'));
  });
});
