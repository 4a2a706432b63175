import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { onPostgres } from '../support/database';
import { HubProcess, replicaEnv, sharedEncryptionKeys, startHubProcess } from '../support/hub-process';
import { connectInstance, ConnectedInstance } from '../support/recipe';
import { asPerson, eventsConfiguration, eventually, Receiver, signaturesVerify, startReceiver, startRelayHub } from './relay-support';

/**
 * Delivery from separate hub processes on one PostgreSQL outbox. The in-process hub only takes
 * Webex's deliveries in (its workers are off); the dispatching happens in child processes.
 */
(onPostgres() ? describe : describe.skip)('event relay across processes (PostgreSQL)', () => {
  let hub: Awaited<ReturnType<typeof startRelayHub>>;
  let receiver: Receiver;
  let instance: ConnectedInstance;
  let roomId: string;
  const processes: HubProcess[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub({ env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys() } });
    instance = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    roomId = (await asPerson(hub, instance.personToken, 'POST', '/rooms', { title: 'Busy room' })).id;
  }, 60_000);
  afterAll(async () => {
    for (const p of processes) await p.kill('SIGKILL');
    await hub?.close();
    await receiver?.close();
  });

  const dispatcher = (extra: Record<string, string> = {}) =>
    startHubProcess({ env: replicaEnv(hub, { HUB_WORKERS_ENABLED: 'true', HUB_EVENT_POLL_MS: '100', HUB_EVENT_TIMEOUT_MS: '10000', HUB_EVENT_RETRY_SCHEDULE: '500ms,1s,2s,2s,2s,2s,2s,2s', ...extra }) }).then((p) => {
      processes.push(p);
      return p;
    });

  /** Posts `count` messages as the connected person, `perTick` at a time every `tickMs`; returns their ids. */
  async function postMessages(prefix: string, count: number, perTick: number, tickMs: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += perTick) {
      const batch = Array.from({ length: Math.min(perTick, count - i) }, (_, j) => asPerson(hub, instance.personToken, 'POST', '/messages', { roomId, text: `${prefix} ${i + j}` }));
      ids.push(...(await Promise.all(batch)).map((m: { id: string }) => m.id));
      await new Promise((resolve) => setTimeout(resolve, tickMs));
    }
    return ids;
  }

  const deliveriesByObject = () => {
    const byObject = new Map<string, Set<string>>();
    const counts = new Map<string, number>();
    for (const r of receiver.received) {
      const objectId = r.json.message.events[0].objectId;
      byObject.set(objectId, (byObject.get(objectId) ?? new Set()).add(String(r.headers['webhook-id'])));
      counts.set(objectId, (counts.get(objectId) ?? 0) + 1);
    }
    return { byObject, counts };
  };

  it('two processes dispatching from one outbox deliver each event once', async () => {
    const [a, b] = await Promise.all([dispatcher(), dispatcher()]);
    receiver.fallback = { delayMs: 5 };
    const ids = await postMessages('pair', 400, 20, 50);
    await eventually('400 deliveries', () => new Set(receiver.received.map((r) => r.json.message.events[0].objectId)).size >= 400, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const { counts } = deliveriesByObject();
    expect(ids.every((id) => counts.get(id) === 1)).toBe(true);
    expect(receiver.received).toHaveLength(400);
    expect(receiver.received.every((r) => signaturesVerify(r).elements && signaturesVerify(r).standard)).toBe(true);
    await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
  }, 90_000);

  it('delivers every one of 2,000 events at least once while the delivering process is SIGKILLed three times', async () => {
    receiver.received = [];
    receiver.fallback = { delayMs: 30 };
    // A short lease (twice the timeout) so a killed process's claims come back quickly.
    const crashable = () => dispatcher({ HUB_EVENT_TIMEOUT_MS: '3000' });
    let current = await crashable();
    const posting = postMessages('crash', 2000, 25, 80);
    const kills: number[] = [];
    for (const threshold of [300, 800, 1300]) {
      await eventually(`${threshold} deliveries`, () => receiver.received.length >= threshold, 60_000);
      await current.kill('SIGKILL');
      kills.push(receiver.received.length);
      current = await crashable();
    }
    const ids = await posting;
    await hub.emulator.flushWebhooks();
    await eventually('every event delivered', () => deliveriesByObject().byObject.size >= 2000, 90_000);

    const outbox = hub.dataSource().getRepository(OutboxEvent);
    await eventually('the outbox to settle', async () => (await outbox.count({ where: [{ status: 'RECEIVED' }, { status: 'DISPATCHED' }] })) === 0, 30_000);
    expect(await outbox.countBy({ status: 'FAILED' })).toBe(0);
    const { byObject, counts } = deliveriesByObject();
    expect(ids.every((id) => byObject.has(id))).toBe(true);
    expect(byObject.size).toBe(2000);
    // A repeat is the same event again: one webhook-id per event, however many times it came.
    expect([...byObject.values()].every((webhookIds) => webhookIds.size === 1)).toBe(true);
    const repeats = ids.reduce((sum, id) => sum + counts.get(id)! - 1, 0);
    console.log(`crash test: kills after ${kills.join(', ')} deliveries; ${receiver.received.length} deliveries, ${repeats} of them repeats of the 2000 events`);
    await current.kill('SIGTERM');
  }, 240_000);
});
