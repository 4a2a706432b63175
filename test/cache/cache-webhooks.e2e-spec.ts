import { asPerson, eventsConfiguration, Receiver, startReceiver, startRelayHub } from '../events/relay-support';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';
import { hubGet, setCaching } from './cache-support';

type RelayHub = Awaited<ReturnType<typeof startRelayHub>>;

/**
 * With events enabled, Webex's webhook for a change made elsewhere (another client, here the
 * emulator's API with the person's own token) invalidates the cached answers it concerns: the
 * first read through the hub after the webhook has arrived shows the change.
 */
describe('response cache: Webex webhooks invalidate', () => {
  let hub: RelayHub;
  let receiver: Receiver;
  let ann: ConnectedInstance;
  let auth: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub();
    ann = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url) });
    auth = withElement(hub, ann.token);
    // A long time to live: only the webhook can explain a fresh read.
    await setCaching(hub, ann.id, { cachingEnabled: true, cacheTimeToLive: 3600, maxCacheSize: 100 });
  }, 60_000);
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  /** Reads until `seen` holds; the time it took after the webhooks had landed. */
  async function shownAfter(read: () => Promise<boolean>): Promise<number> {
    await hub.emulator.flushWebhooks();
    const start = Date.now();
    while (!(await read())) {
      if (Date.now() - start > 2000) throw new Error('still the cached answer 2 s after the webhook');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return Date.now() - start;
  }

  it('a channel renamed in another Webex client shows after its webhook', async () => {
    const id = (await asPerson(hub, ann.personToken, 'POST', '/rooms', { title: 'Before' })).id;
    await hub.emulator.flushWebhooks();
    await hubGet(hub, auth, `channels/${id}`);
    expect((await hubGet(hub, auth, `channels/${id}`)).cache).toBe('hit');

    await asPerson(hub, ann.personToken, 'PUT', `/rooms/${id}`, { title: 'After' });
    const elapsed = await shownAfter(async () => (await hubGet(hub, auth, `channels/${id}`)).body.title === 'After');
    process.stdout.write(`cache: rename shown ${elapsed} ms after its webhook\n`);
    expect(elapsed).toBeLessThan(100);
  });

  it('a message posted by someone else shows in the cached message list after its webhook', async () => {
    const bob = hub.emulator.createPerson({ email: 'bob-cache@example.com', displayName: 'Bob' });
    const id = (await asPerson(hub, ann.personToken, 'POST', '/rooms', { title: 'Chat' })).id;
    await asPerson(hub, ann.personToken, 'POST', '/memberships', { roomId: id, personEmail: 'bob-cache@example.com' });
    await hub.emulator.flushWebhooks();
    await hubGet(hub, auth, `channels/${id}/messages`);
    expect((await hubGet(hub, auth, `channels/${id}/messages`)).cache).toBe('hit');

    await asPerson(hub, bob.accessToken, 'POST', '/messages', { roomId: id, text: 'from Bob' });
    const elapsed = await shownAfter(async () => (await hubGet(hub, auth, `channels/${id}/messages`)).body.some((m: { text: string }) => m.text === 'from Bob'));
    expect(elapsed).toBeLessThan(100);
  });
});
