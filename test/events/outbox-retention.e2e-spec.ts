import { EventOutbox } from '../../src/events/event-outbox';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { OutboxRetention } from '../../src/events/outbox-retention';
import { purgeEvents } from '../../src/operator/operator-commands';
import { TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance } from '../support/recipe';
import { eventsConfiguration, Receiver, startReceiver, startRelayHub } from './relay-support';

describe('event outbox retention', () => {
  let hub: TestHub;
  let receiver: Receiver;
  let instance: ConnectedInstance;
  let other: ConnectedInstance;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub({ env: { HUB_EVENT_RETENTION: '1h' } });
    instance = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    other = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  /** `count` rows of one status, their times `age` ago (an SQL interval). */
  async function rows(instanceId: number, prefix: string, count: number, status: string, age: string): Promise<void> {
    await hub.dataSource().query(
      `INSERT INTO event_outbox (id, instance_id, dedup_key, object_type, object_id, event_type, raw, status, attempts, due_at, received_at, updated_at, delivered_at)
       SELECT gen_random_uuid(), $1, $2 || g, 'messages', $2 || g, 'CREATED', '{}', $3::varchar, 1, now(), now() - $4::interval, now() - $4::interval,
              CASE WHEN $3::varchar = 'NOTIFIED' THEN now() - $4::interval END
       FROM generate_series(1, $5) g`,
      [instanceId, prefix, status, age, count],
    );
  }
  const left = async (prefix: string) => (await hub.dataSource().query(`SELECT count(*)::int AS n FROM event_outbox WHERE dedup_key LIKE $1`, [`${prefix}%`]))[0].n as number;

  it('purges delivered events past HUB_EVENT_RETENTION in batches, from purges running side by side, and keeps the rest', async () => {
    await rows(instance.id, 'old-delivered-', 2500, 'NOTIFIED', '2 hours');
    await rows(instance.id, 'recent-delivered-', 10, 'NOTIFIED', '10 minutes');
    await rows(instance.id, 'old-failed-', 5, 'FAILED', '2 days');
    await rows(instance.id, 'old-due-', 3, 'RECEIVED', '2 days');

    // Two purges at once (as two replicas' would be) share the 2,500 rows and delete each once;
    // meanwhile the dispatcher delivers the due events.
    const retention = hub.app.get(OutboxRetention);
    const dispatcher = (hub as Awaited<ReturnType<typeof startRelayHub>>).dispatcher;
    const [a, b, delivered] = await Promise.all([retention.purgeDelivered(), retention.purgeDelivered(), dispatcher.drain()]);
    expect(a + b).toBe(2500);
    expect(delivered).toBe(3);

    expect(await left('old-delivered-')).toBe(0);
    expect(await left('recent-delivered-')).toBe(10);
    expect(await left('old-failed-')).toBe(5);
    expect(await left('old-due-')).toBe(3);
    expect(await retention.purgeDelivered()).toBe(0);
  });

  it('deletes at most one batch per statement', async () => {
    await rows(instance.id, 'batch-', 250, 'NOTIFIED', '2 hours');
    const statements: string[] = [];
    const repository = hub.dataSource().getRepository(OutboxEvent);
    const query = repository.query.bind(repository);
    const spy = jest.spyOn(repository, 'query').mockImplementation((sql: string, parameters?: unknown[]) => {
      statements.push(sql);
      return query(sql, parameters);
    });
    try {
      expect(await new EventOutbox(repository).purge('NOTIFIED', 3_600_000, { batchSize: 100 })).toBe(250);
    } finally {
      spy.mockRestore();
    }
    expect(statements).toHaveLength(3);
    expect(await left('batch-')).toBe(0);
  });

  it('keeps FAILED events until the operator purges them (npm run hub -- purge-events), by age and instance', async () => {
    await rows(instance.id, 'failed-new-', 4, 'FAILED', '1 hour');
    await rows(other.id, 'failed-other-', 2, 'FAILED', '3 days');
    await hub.app.get(OutboxRetention).purgeDelivered();
    expect(await left('failed-')).toBe(6);

    expect(await purgeEvents(hub.dataSource(), '1d', instance.id)).toEqual([`Purged 5 failed events last tried more than 1d ago of instance ${instance.id}.`]);
    expect(await left('old-failed-')).toBe(0);
    expect(await left('failed-')).toBe(6);
    expect(await purgeEvents(hub.dataSource())).toEqual(['Purged 6 failed events.']);
    expect(await hub.dataSource().getRepository(OutboxEvent).countBy({ status: 'FAILED' })).toBe(0);
  });
});
