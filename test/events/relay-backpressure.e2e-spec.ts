import { createHmac } from 'node:crypto';
import { EVENT_BACKLOG_LIMIT } from '../../src/events/event-backlog';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { connectInstance, ConnectedInstance } from '../support/recipe';
import { eventsConfiguration, eventually, Receiver, startReceiver, startRelayHub } from './relay-support';

type RelayHub = Awaited<ReturnType<typeof startRelayHub>>;

/**
 * Back-pressure: an instance whose undelivered backlog reaches EVENT_BACKLOG_LIMIT gets 503 with
 * Retry-After for new Webex deliveries (Webex sends them again), and is admitted again once
 * delivery caught up. Retries scheduled for later are not a backlog delivery could work off.
 */
describe('event relay: intake refuses to run ahead of delivery', () => {
  let hub: RelayHub;
  let receiver: Receiver;
  let instance: ConnectedInstance;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub();
    instance = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    await hub.emulator.flushWebhooks();
    await hub.dispatcher.drain();
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  const outbox = () => hub.dataSource().getRepository(OutboxEvent);
  let n = 0;
  function delivery() {
    const webhook = [...hub.emulator.emulator.store.webhooks.values()][0];
    const body = JSON.stringify({ id: webhook.id, resource: 'messages', event: 'created', data: { id: `backlog-${n++}` } });
    const signature = createHmac('sha1', webhook.secret!).update(body).digest('hex');
    return hub.http().post(new URL(webhook.targetUrl).pathname).set('content-type', 'application/json').set('x-spark-signature', signature).send(body);
  }
  /**
   * `count` events of the instance already stored: waiting for delivery (`due`), out for delivery
   * under a lease that runs for another hour (`leased`), or waiting for a retry an hour away (`later`).
   */
  async function backlog(count: number, state: 'due' | 'leased' | 'later'): Promise<void> {
    await hub.dataSource().query(
      `INSERT INTO event_outbox (id, instance_id, dedup_key, object_type, event_type, raw, status, due_at, lease_id)
       SELECT gen_random_uuid(), $1, 'queued-' || $3 || '-' || i, 'messages', 'CREATED', '{}', CASE WHEN $2 = 'leased' THEN 'DISPATCHED' ELSE 'RECEIVED' END,
         CASE WHEN $2 = 'due' THEN now() ELSE now() + interval '1 hour' END, CASE WHEN $2 = 'leased' THEN gen_random_uuid() END
       FROM generate_series(1, $4) i`,
      [instance.id, state, n++, count],
    );
  }

  it('answers 503 with Retry-After and the error body at the limit, stores nothing, and admits again once delivered', async () => {
    await backlog(EVENT_BACKLOG_LIMIT, 'due');
    // The count is at most a quarter second old.
    await new Promise((r) => setTimeout(r, 300));
    const before = await outbox().count();

    const refused = await delivery().expect(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ code: 'EVENT_BACKLOG_FULL', requestId: expect.any(String), message: expect.stringContaining(String(EVENT_BACKLOG_LIMIT)) });
    expect(await outbox().count()).toBe(before);

    // Delivery works the backlog off (here: marked delivered), and intake opens again.
    await hub.dataSource().query(`UPDATE event_outbox SET status = 'NOTIFIED', delivered_at = now() WHERE dedup_key LIKE 'queued-%'`);
    await eventually('the inbox to admit again', async () => (await delivery()).status === 200, 5000);
    await hub.dispatcher.drain();
    expect(receiver.received.length).toBe(1);
  });

  it('does not count retries scheduled for later: a dead callback does not make Webex give up', async () => {
    await backlog(EVENT_BACKLOG_LIMIT, 'later');
    await new Promise((r) => setTimeout(r, 300));
    await delivery().expect(200);
    await delivery().expect(200);
  });

  it('counts deliveries out under a live lease with those due: half of each fills the backlog', async () => {
    await hub.dataSource().query(`UPDATE event_outbox SET status = 'NOTIFIED', delivered_at = now() WHERE status IN ('RECEIVED', 'DISPATCHED')`);
    await backlog(EVENT_BACKLOG_LIMIT / 2, 'leased');
    await backlog(EVENT_BACKLOG_LIMIT / 2 - 1, 'due');
    await new Promise((r) => setTimeout(r, 300));
    await delivery().expect(200);
    await new Promise((r) => setTimeout(r, 300));
    await delivery().expect(503);
  });
});
