import { startEmulator, type RunningEmulator } from '../../emulator';
import { asPerson, eventsConfiguration, eventually, type Receiver, startReceiver } from '../events/relay-support';
import { startBalancer, type Balancer } from '../support/balancer';
import { onPostgres } from '../support/database';
import { API, startHub, type TestHub } from '../support/hub';
import { HubProcess, replicaEnv, sharedEncryptionKeys, startHubProcess } from '../support/hub-process';
import { deadRefreshTokens, insertInstances, refreshRequests } from '../support/instance-fleet';
import { connectInstance, withElement } from '../support/recipe';
import { steadyLoad, type LoadCall } from '../support/steady-load';

/**
 * A rolling restart under load, as an orchestrator does it: three hub processes on PostgreSQL
 * behind a balancer that probes `/health/ready` (test/support/balancer.ts). While 300 hub calls a
 * second go through the balancer, Webex posts 200 webhook events through it and the refresh
 * scheduler meets due tokens, each process in turn gets SIGTERM, drains with its default settings
 * and is started again; the next one goes once the new one is ready. Nothing a client sent may
 * fail, no event may be lost, and no refresh token may be spent twice (the emulator rotates them
 * and counts a rotated-away token presented again).
 *
 * PostgreSQL only: several processes on one database; PGlite is embedded in one process.
 */
const describeOnPostgres = onPostgres() ? describe : describe.skip;
const REPLICAS = 3;
const RATE = 300;
const EVENTS = 200;
const FLEET = 100;
/** Seconds an access token lives: the hub refreshes at about 80% of it, so every token falls due during the roll. */
const TOKEN_TTL = 20;
const PROBE_MS = 200;
const WORKERS = { HUB_WORKERS_ENABLED: 'true', HUB_REFRESH_POLL_MS: '500', HUB_EVENT_POLL_MS: '250', LOG_LEVEL: 'warn' };

describeOnPostgres('rolling restart under load (PostgreSQL only: three hub processes share one database)', () => {
  let emulator: RunningEmulator;
  let receiver: Receiver;
  let balancer: Balancer;
  let hub: TestHub;
  const processes: HubProcess[] = [];
  // A process compiles the hub (ts-node) while the others serve the load: on a busy machine that can pass a minute.
  const start = () => startHubProcess({ env: replicaEnv(hub, { ...WORKERS, HUB_PUBLIC_URL: balancer.url }), readyTimeoutMs: 150_000 });

  beforeAll(async () => {
    // Webhooks wait up to 30 s for the hub (Webex: 5 s), so a slow answer on a busy test machine is not taken for a lost event.
    emulator = await startEmulator({ port: 0, rotateRefreshTokens: true, webhookTimeoutMs: 30_000 });
    receiver = await startReceiver();
    balancer = await startBalancer({ probePath: '/health/ready', probeIntervalMs: PROBE_MS });
    // The webhooks Webex posts go to the public URL: the balancer.
    hub = await startHub({ sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys(), HUB_PUBLIC_URL: balancer.url } });
    // Behind the balancer before anything Webex posts a webhook for.
    const startedAt = Date.now();
    processes.push(...(await Promise.all(Array.from({ length: REPLICAS }, start))));
    process.stdout.write(`rolling restart: ${REPLICAS} processes started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
    processes.forEach((p, slot) => balancer.setBackend(slot, p.origin));
    await Promise.all(processes.map((_, slot) => balancer.whenReady(slot)));
  }, 240_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await balancer?.close();
    await hub?.close();
    await receiver?.close();
    await emulator?.close();
  });


  it('answers every call, relays every event and spends each refresh token once while each process is restarted in turn', async () => {
    // The relayed events: messages a person posts (with a token that outlives the test) in a room the event instance watches.
    const watched = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url) });
    const eventRoom = (await asPerson(hub, watched.personToken, 'POST', '/rooms', { title: 'Relayed during the roll' })).id as string;
    // Every token issued from now on is short-lived.
    emulator.options.accessTokenTtl = TOKEN_TTL;
    // The hub calls: another instance, its own room and message.
    const caller = await connectInstance(hub);
    const auth = withElement(hub, caller.token);
    const roomId = (await hub.http().post(`${API}/hubs/collaboration/channels`).set('Authorization', auth).send({ title: 'Load' }).expect(200)).body.id;
    const messageId = (await hub.http().post(`${API}/hubs/collaboration/messages`).set('Authorization', auth).send({ roomId, text: 'first' }).expect(200)).body.id;
    // The due refreshes: a fleet whose tokens fall due about 16 s from now (80% of TOKEN_TTL, less up to 5% jitter), then every 16 s.
    await insertInstances(hub, FLEET);
    await emulator.flushWebhooks();


    const calls: LoadCall[] = [
      { method: 'GET', path: `${API}/hubs/collaboration/channels/${roomId}`, headers: { authorization: auth } },
      { method: 'GET', path: `${API}/hubs/collaboration/channels?pageSize=5`, headers: { authorization: auth } },
      { method: 'POST', path: `${API}/hubs/collaboration/messages`, headers: { authorization: auth }, body: JSON.stringify({ roomId, text: 'under load' }) },
      { method: 'GET', path: `${API}/hubs/collaboration/messages/${messageId}`, headers: { authorization: auth } },
      { method: 'GET', path: `${API}/hubs/collaboration/users/me`, headers: { authorization: auth } },
      { method: 'GET', path: `${API}/instances/${caller.id}`, headers: { authorization: hub.auth } },
    ];
    const refreshesBefore = refreshRequests(hub);
    const webhooksBefore = { ...emulator.emulator.webhooks };
    const load = steadyLoad(balancer.url, RATE, (i) => calls[i % calls.length]);
    const posted: string[] = [];
    const postEvents = async (n: number) => {
      for (let i = 0; i < n; i++) {
        posted.push((await asPerson(hub, watched.personToken, 'POST', '/messages', { roomId: eventRoom, text: `event ${posted.length}` })).id);
        await new Promise((resolve) => setTimeout(resolve, 80));
      }
    };

    const rollStarted = Date.now();
    let rollSeconds = 0;
    const exits = [];
    try {
      for (let slot = 0; slot < REPLICAS; slot++) {
        // A third of the events during each restart, from the SIGTERM to the new process's readiness.
        const events = postEvents(Math.round((EVENTS * (slot + 1)) / REPLICAS) - Math.round((EVENTS * slot) / REPLICAS));
        await new Promise((resolve) => setTimeout(resolve, 1000));
        exits.push(await processes[slot].kill('SIGTERM'));
        processes[slot] = await start();
        balancer.setBackend(slot, processes[slot].origin);
        await balancer.whenReady(slot);
        await events;
        process.stdout.write(`rolling restart: process ${slot} replaced after ${((Date.now() - rollStarted) / 1000).toFixed(1)} s\n`);
      }
      rollSeconds = (Date.now() - rollStarted) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await load.stop();
    }
    const figures = load.figures;
    await emulator.flushWebhooks();

    const delivered = () => new Set(receiver.received.map((r) => r.json.message.events[0].objectId));
    await eventually('every relayed event at the callback', () => posted.every((id) => delivered().has(id)), 30_000).catch(() => undefined);
    // Every process stops the way the others did, so no refresh is in flight when the tokens are checked.
    exits.push(...(await Promise.all(processes.map((p) => p.kill('SIGTERM')))));
    const deliveries = receiver.received.filter((r) => posted.includes(r.json.message.events[0].objectId)).length;
    const arrived = posted.filter((id) => delivered().has(id)).length;
    const reused = emulator.stats()['POST /access_token#refresh_token_reused'] ?? 0;
    const refreshes = refreshRequests(hub) - refreshesBefore;
    const webhooks = { delivered: emulator.emulator.webhooks.delivered - webhooksBefore.delivered, failed: emulator.emulator.webhooks.failed - webhooksBefore.failed };
    process.stdout.write(
      `rolling restart: ${REPLICAS} processes restarted in ${rollSeconds.toFixed(1)} s; ` +
        `hub calls sent ${figures.sent} in ${figures.seconds.toFixed(1)} s (${Math.round(figures.sent / figures.seconds)}/s; ${figures.answeredWhileSending} answered meanwhile), failed ${figures.failed}, ` +
        `p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms, statuses ${JSON.stringify(figures.statuses)}; ` +
        `balancer ${balancer.stats.requests} requests, ${balancer.stats.passedOn} refused connects passed on, ${balancer.stats.failed} 502s; ` +
        `events posted ${posted.length}, webhooks into the hub ${webhooks.delivered} (failed ${webhooks.failed}), at the callback ${arrived} (deliveries ${deliveries}, duplicates ${deliveries - arrived}); ` +
        `refreshes ${refreshes}, refresh tokens reused ${reused}; exits ${JSON.stringify(exits)}\n`,
    );

    expect(figures.failures).toEqual([]);
    expect(figures.failed).toBe(0);
    expect(figures.sent).toBeGreaterThanOrEqual(RATE * figures.seconds * 0.95);
    expect(balancer.stats.reasons).toEqual([]);
    expect(exits).toEqual(Array(2 * REPLICAS).fill({ code: 0, signal: null }));
    // Events: Webex's posts all answered, every one relayed at least once.
    expect(posted).toHaveLength(EVENTS);
    expect(webhooks.failed).toBe(0);
    expect(arrived).toBe(EVENTS);
    // Refreshes: the fleet's tokens all fell due and were refreshed, none twice, none lost.
    expect(refreshes).toBeGreaterThanOrEqual(FLEET);
    expect(reused).toBe(0);
    const instances: Array<{ id: number; valid: boolean }> = (await hub.http().get(`${API}/instances`).set('Authorization', hub.auth).expect(200)).body;
    expect(instances).toHaveLength(FLEET + 2);
    expect(instances.filter((i) => !i.valid).map((i) => i.id)).toEqual([]);
    expect(await deadRefreshTokens(hub)).toEqual([]);
  }, 600_000);
});
