import { startReceiver, type Receiver } from '../../demo/callback-receiver';
import { eventsConfiguration, startRelayHub } from '../events/relay-support';
import { API, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';

/**
 * Finding: deleting a user removed their instances by a database cascade, so the instances'
 * deletion never ran: their Webex webhooks stayed registered (and kept posting), and their
 * Element tokens kept working from the per-process cache. The user's instances are now deleted
 * through the instances service first, as DELETE /instances/{id} deletes one.
 */
describe('deleting a user deletes their instances as DELETE /instances/{id} does', () => {
  let hub: TestHub & { publicUrl: string };
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub();
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await receiver?.close();
  });

  const ourWebhookIds = () =>
    [...hub.emulator.emulator.store.webhooks.values()]
      .filter((w) => w.targetUrl.startsWith(`${hub.publicUrl}${API}/events/`))
      .map((w) => w.id)
      .sort();
  const accounts = (auth: string) => hub.http().get(`${API}/hubs/collaboration/accounts`).set('Authorization', auth);

  it('removes their Webex webhooks, refuses their Element tokens at once, and leaves the others alone', async () => {
    const kept = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url) });
    const keptWebhooks = ourWebhookIds();
    expect(keptWebhooks.length).toBeGreaterThan(0);

    const user = await hub.http().post(`${API}/users`).set('Authorization', hub.auth).send({ email: 'leaving@example.com' }).expect(200);
    const userAuth = `User ${user.body.secret}, Organization ${hub.organizationSecret}`;
    const theirs: ConnectedInstance[] = [];
    for (let i = 0; i < 2; i++) theirs.push(await connectInstance(hub, { auth: userAuth, configuration: eventsConfiguration(receiver.url) }));
    expect(ourWebhookIds().length).toBe(keptWebhooks.length * 3);
    // Their tokens are in the cache: an admin may use any instance of the organization.
    for (const instance of theirs) await accounts(withElement(hub, instance.token)).expect(200);

    await hub.http().delete(`${API}/users/${user.body.id}`).set('Authorization', hub.auth).expect(200);

    expect(ourWebhookIds()).toEqual(keptWebhooks);
    for (const instance of theirs) {
      const res = await accounts(withElement(hub, instance.token));
      expect(res.status).toBe(401);
      await hub.http().get(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).expect(404);
    }
    await accounts(`${userAuth}, Element ${theirs[0].token}`).expect(401);
    await accounts(withElement(hub, kept.token)).expect(200);
  }, 60_000);
});
