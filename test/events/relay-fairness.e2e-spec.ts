import { EventOutbox } from '../../src/events/event-outbox';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance } from '../support/recipe';
import { eventsConfiguration, eventually, Receiver, startReceiver, startRelayHub } from './relay-support';

/** Stores `count` events for an instance straight into the outbox, oldest first. */
async function queue(hub: TestHub, instanceId: number, prefix: string, count: number): Promise<void> {
  const outbox = hub.app.get(EventOutbox);
  for (let i = 0; i < count; i++) {
    await outbox.store({ instanceId, dedupKey: `${prefix}-${i}`, objectType: 'messages', objectId: `${prefix}-${i}`, eventType: 'CREATED', vendorEvent: 'created', raw: '{}' });
  }
}

describe('event relay: fair claims', () => {
  let hub: TestHub;
  let receiver: Receiver;
  let busy: ConnectedInstance;
  let quiet: ConnectedInstance;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub();
    busy = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    quiet = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  it('takes each instance in turn, never more than its cap in flight, and takes expired leases back', async () => {
    const outbox = hub.app.get(EventOutbox);
    const rows = hub.dataSource().getRepository(OutboxEvent);
    await queue(hub, busy.id, 'busy', 30);
    await queue(hub, quiet.id, 'quiet', 5);
    const instancesOf = (events: OutboxEvent[]) => events.map((e) => (e.instanceId === busy.id ? 'busy' : 'quiet')).sort();

    // The busy instance's 30 events are all older, yet the batch alternates between the two.
    const first = await outbox.claim(6, 60_000, 4);
    expect(instancesOf(first.events)).toEqual(['busy', 'busy', 'busy', 'quiet', 'quiet', 'quiet']);
    expect(first.events.filter((e) => e.instanceId === busy.id).map((e) => e.objectId).sort()).toEqual(['busy-0', 'busy-1', 'busy-2']);
    // Up to the cap of 4 each, however large the batch.
    expect(instancesOf((await outbox.claim(32, 60_000, 4)).events)).toEqual(['busy', 'quiet']);
    expect((await outbox.claim(32, 60_000, 4)).events).toHaveLength(0);

    // A delivery that ends frees a slot of its instance only.
    const done = first.events.find((e) => e.instanceId === busy.id)!;
    await outbox.complete(done.id, first.leaseId, { status: 'NOTIFIED', httpStatus: 200 });
    expect(instancesOf((await outbox.claim(32, 60_000, 4)).events)).toEqual(['busy']);

    // Claims whose lease ran out (their process died) count as in flight no more, and are claimed again.
    await rows.createQueryBuilder().update().set({ dueAt: () => `now() - interval '1 second'` }).where({ instanceId: busy.id, status: 'DISPATCHED' }).execute();
    const again = await outbox.claim(32, 60_000, 4);
    expect(instancesOf(again.events)).toEqual(['busy', 'busy', 'busy', 'busy']);
    expect(again.events.every((e) => e.attempts === 2)).toBe(true);

    // The first claim's late completion changes nothing: the row is the second claim's now, and
    // is not delivered until that one ends.
    const retaken = again.events.find((e) => first.events.some((f) => f.id === e.id))!;
    await outbox.complete(retaken.id, first.leaseId, { status: 'NOTIFIED', httpStatus: 200 });
    expect(await rows.findOneByOrFail({ id: retaken.id })).toMatchObject({ status: 'DISPATCHED', leaseId: again.leaseId, deliveredAt: null });
    await outbox.complete(retaken.id, again.leaseId, { status: 'NOTIFIED', httpStatus: 200 });
    expect(await rows.findOneByOrFail({ id: retaken.id })).toMatchObject({ status: 'NOTIFIED', leaseId: null });
  });
});

describe('event relay: a slow callback does not hold back other instances', () => {
  let hub: TestHub;
  let slow: Receiver;
  let fast: Receiver;

  beforeAll(async () => {
    slow = await startReceiver();
    slow.fallback = { delayMs: 10_000 };
    fast = await startReceiver();
    // Default concurrency (32) and cap; the slow callback answers within the timeout, only slowly.
    hub = await startRelayHub({ env: { HUB_WORKERS_ENABLED: 'true', HUB_EVENT_TIMEOUT_MS: '15000', HUB_SHUTDOWN_TIMEOUT_MS: '200' } });
  });
  afterAll(async () => {
    await slow.close();
    await hub.close();
    await fast.close();
  });

  it("delivers another instance's 20 events within 2 s while one callback takes 10 s with 200 events queued", async () => {
    const slowInstance = await connectInstance(hub, { configuration: eventsConfiguration(slow.url, { 'event.objects': 'messages' }) });
    const fastInstance = await connectInstance(hub, { configuration: eventsConfiguration(fast.url, { 'event.objects': 'messages' }) });
    await queue(hub, slowInstance.id, 'slow', 200);
    await eventually('the slow callback to be called', () => slow.received.length > 0);

    const started = Date.now();
    await queue(hub, fastInstance.id, 'fast', 20);
    await eventually('the 20 events of the other instance', () => fast.received.length === 20, 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The slow callback was held to its instance's cap meanwhile, and still has most of its queue.
    expect(slow.received.length).toBe(16);
    expect(await hub.dataSource().getRepository(OutboxEvent).countBy({ instanceId: slowInstance.id, status: 'RECEIVED' })).toBe(184);
  }, 60_000);
});
