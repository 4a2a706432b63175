import { startEmulator, type RunningEmulator } from '../../emulator';
import { asPerson, eventsConfiguration, eventually, Receiver, startReceiver, startRelayHub } from '../events/relay-support';
import { onPostgres } from '../support/database';
import { API } from '../support/hub';
import { HubProcess, replicaEnv, sharedEncryptionKeys, startHubProcess } from '../support/hub-process';
import { insertInstances, makeDue, refreshRequests } from '../support/instance-fleet';
import { connectInstance, withElement } from '../support/recipe';

/**
 * SIGTERM to a hub process (a real Node process on PostgreSQL) while it serves hub calls, refreshes
 * tokens and delivers events: what it started completes, it exits 0 within its bound, it leaves no
 * claim behind, and a second process finishes the rest.
 */
const describeOnPostgres = onPostgres() ? describe : describe.skip;
const BOUND_MS = 8000;
const FLEET = 60;
const MESSAGES = 20;
const WORKERS = {
  HUB_WORKERS_ENABLED: 'true',
  HUB_REFRESH_POLL_MS: '100',
  HUB_REFRESH_BATCH_SIZE: '10',
  HUB_REFRESH_CONCURRENCY: '2',
  HUB_EVENT_POLL_MS: '100',
  HUB_EVENT_CONCURRENCY: '2',
  HUB_EVENT_TIMEOUT_MS: '2000',
  HUB_SHUTDOWN_TIMEOUT_MS: String(BOUND_MS),
};

describeOnPostgres('graceful shutdown on SIGTERM', () => {
  let emulator: RunningEmulator;
  let receiver: Receiver;
  let hub: Awaited<ReturnType<typeof startRelayHub>>;
  const processes: HubProcess[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    receiver = await startReceiver();
    hub = await startRelayHub({ sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys() } });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await hub?.close();
    await receiver?.close();
    await emulator?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => (await hub.dataSource().query(sql, params))[0].n as number;

  it('finishes what it started, exits 0 within the bound, holds no claim, and the next process does the rest', async () => {
    const caller = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url) });
    const roomId = (await asPerson(hub, caller.personToken, 'POST', '/rooms', { title: 'Shutdown room' })).id;
    const fleet = await insertInstances(hub, FLEET);
    await emulator.flushWebhooks();
    await hub.dispatcher.drain();
    const eventsBefore = await count(`SELECT count(*)::int AS n FROM event_outbox`);

    // Slow enough that every kind of work is in flight when the signal comes.
    emulator.injectFault({ method: 'GET', path: '/rooms', delayMs: 1500, count: 1000 });
    emulator.injectFault({ method: 'POST', path: '/access_token', delayMs: 300, count: 1000 });
    receiver.fallback = { delayMs: 500 };

    const receivedBefore = receiver.received.length;
    const first = await startHubProcess({ env: replicaEnv(hub, WORKERS) });
    processes.push(first);
    for (let i = 0; i < MESSAGES; i++) await asPerson(hub, caller.personToken, 'POST', '/messages', { roomId, text: `burst ${i}` });
    await emulator.flushWebhooks();
    const refreshesBefore = refreshRequests(hub);
    await makeDue(hub, fleet);
    const calls = Array.from({ length: 20 }, () =>
      first.http().get(`${API}/hubs/collaboration/rooms`).set('Authorization', withElement(hub, caller.token)).then((r) => r.status),
    );
    await eventually('deliveries and refreshes under way', async () => receiver.received.length > receivedBefore && refreshRequests(hub) > refreshesBefore);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signalled = Date.now();
    const exit = await first.kill('SIGTERM');
    const tookMs = Date.now() - signalled;

    expect(await Promise.all(calls)).toEqual(Array(20).fill(200));
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(BOUND_MS);
    expect(first.logs.join('\n')).toContain('Draining');
    // Nothing it claimed stays locked: refreshes and deliveries ended or were handed back.
    expect(await count(`SELECT count(*)::int AS n FROM instance_tokens WHERE refresh_claim IS NOT NULL`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM event_outbox WHERE status = 'DISPATCHED'`)).toBe(0);
    // And it did not get through everything, so the next process has something to pick up.
    const leftRefreshes = await count(`SELECT count(*)::int AS n FROM instance_tokens WHERE instance_id = ANY($1) AND token_version < 2`, [fleet]);
    const leftEvents = await count(`SELECT count(*)::int AS n FROM event_outbox WHERE status = 'RECEIVED'`);
    expect(leftRefreshes).toBeGreaterThan(0);
    expect(leftEvents).toBeGreaterThan(0);

    emulator.clearFaults();
    receiver.fallback = {};
    const second = await startHubProcess({ env: replicaEnv(hub, WORKERS) });
    processes.push(second);
    await eventually(
      'the second process to finish the refreshes and deliveries',
      async () =>
        (await count(`SELECT count(*)::int AS n FROM instance_tokens WHERE instance_id = ANY($1) AND token_version >= 2`, [fleet])) === FLEET &&
        (await count(`SELECT count(*)::int AS n FROM event_outbox WHERE status <> 'NOTIFIED'`)) === 0,
      60_000,
    );
    // Each refresh token was spent once, and every event reached the callback.
    expect(refreshRequests(hub) - refreshesBefore).toBe(FLEET);
    expect(await count(`SELECT count(*)::int AS n FROM instance_tokens WHERE NOT valid`)).toBe(0);
    const eventIds = new Set(receiver.received.map((r) => r.json.message.eventId));
    expect(eventIds.size).toBe(await count(`SELECT count(*)::int AS n FROM event_outbox`));
    expect(await count(`SELECT count(*)::int AS n FROM event_outbox`)).toBeGreaterThanOrEqual(eventsBefore + MESSAGES);
    expect(await second.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 180_000);
});
