import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, request } from 'undici';
import { startEmulator } from '../emulator';
import { eventsConfiguration, startRelayHub } from '../test/events/relay-support';
import { API } from '../test/support/hub';
import { replicaEnv, sharedEncryptionKeys, startHubProcess, type HubProcess } from '../test/support/hub-process';
import { insertInstances, makeDue, refreshRequests } from '../test/support/instance-fleet';
import { connectInstance, withElement } from '../test/support/recipe';
import { sample } from '../test/ops/prometheus';
import type { BenchResult } from './support';

/** Minutes of traffic (SOAK_MINUTES, default 10); the first tenth is warm-up, not measured for memory. */
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const CLIENTS = 16;
const FLEET = 500;
const MESSAGES = 120;
const FAULT_EVERY_MS = 15_000;
const REFRESH_EVERY_MS = 20_000;

type Kind = 'room' | 'page' | 'webhook' | 'instance';
/** The mix, by weight: hub calls, paginated lists (each page one request), inbound webhooks, plain API. */
const MIX: Array<[Kind, number]> = [
  ['room', 45],
  ['page', 20],
  ['webhook', 25],
  ['instance', 10],
];

/**
 * Mixed traffic for SOAK_MINUTES against two hub processes on one PostgreSQL database, round robin:
 * GET of a room (a hub call), a 120-message list read 50 per page through the next-page token,
 * signed inbound Webex webhooks (relayed by the processes' dispatchers to a local callback), and
 * GET /instances/{id}; every 20 s 100 of 500 instances fall due for refresh (rotating tokens).
 * Every 15 s one Webex 404 is injected on the room GET: those are the only error answers allowed.
 * Reports latency percentiles over every request and each process's RSS after warm-up and at the end.
 */
export async function run(): Promise<BenchResult[]> {
  if (!process.env.DATABASE_URL) throw new Error('soak benchmark: set DATABASE_URL (it runs two hub processes on PostgreSQL)');
  const emulator = await startEmulator({ port: 0, rotateRefreshTokens: true });
  const callback = await countingCallback();
  const hub = await startRelayHub({ sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys(), LOG_LEVEL: 'warn' } });
  const processes: HubProcess[] = [];
  try {
    const caller = await connectInstance(hub, { configuration: eventsConfiguration(callback.url, { 'event.objects': 'messages' }) });
    const webhook = [...emulator.emulator.store.webhooks.values()][0];
    const inboundPath = new URL(webhook.targetUrl).pathname;
    const room = await asPerson(emulator.baseUrl, caller.personToken, '/rooms', { title: 'Soak room' });
    for (let i = 0; i < MESSAGES; i++) await asPerson(emulator.baseUrl, caller.personToken, '/messages', { roomId: room.id, text: `soak ${i}` });
    console.error(`soak: ${FLEET} instances for refreshes...`);
    const fleet = await insertInstances(hub, FLEET);

    const env = replicaEnv(hub, { HUB_WORKERS_ENABLED: 'true', HUB_REFRESH_POLL_MS: '1000', HUB_EVENT_POLL_MS: '500', HUB_RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' });
    processes.push(...(await Promise.all([startHubProcess({ env }), startHubProcess({ env })])));
    const pools = processes.map((p) => new Pool(p.origin, { connections: CLIENTS }));
    const auth = withElement(hub, caller.token);

    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    let injected = 0;
    let sent = 0;
    const call = async (target: number, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string) => {
      const started = performance.now();
      const res = await request(`${processes[target].origin}${path}`, { method, headers, body, dispatcher: pools[target] });
      const text = await res.body.text();
      latencies.push(performance.now() - started);
      const key = `${method} ${path.split('?')[0].replace(/\/[A-Za-z0-9_=-]{20,}/g, '/{id}')} ${res.statusCode}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      return { status: res.statusCode, headers: res.headers, text };
    };
    const actions: Record<Kind, (target: number) => Promise<void>> = {
      room: async (t) => void (await call(t, 'GET', `${API}/hubs/collaboration/rooms/${room.id}`, { authorization: auth })),
      instance: async (t) => void (await call(t, 'GET', `${API}/instances/${caller.id}`, { authorization: hub.auth })),
      page: async (t) => {
        let next: string | undefined;
        do {
          const query = new URLSearchParams({ roomId: room.id, pageSize: '50', ...(next && { nextPage: next }) });
          const res = await call(t, 'GET', `${API}/hubs/collaboration/messages?${query}`, { authorization: auth });
          next = res.status === 200 ? (res.headers['elements-next-page-token'] as string | undefined) : undefined;
        } while (next);
      },
      webhook: async (t) => {
        const body = JSON.stringify({ id: webhook.id, resource: 'messages', event: 'created', actorId: 'soak', data: { id: `soak-${sent++}`, roomId: room.id, created: new Date().toISOString() } });
        await call(t, 'POST', inboundPath, { 'content-type': 'application/json', 'x-spark-signature': createHmac('sha1', webhook.secret!).update(body).digest('hex') }, body);
      },
    };
    const pick = (): Kind => {
      let r = Math.random() * MIX.reduce((sum, [, w]) => sum + w, 0);
      for (const [kind, weight] of MIX) if ((r -= weight) < 0) return kind;
      return 'room';
    };

    const durationMs = MINUTES * 60_000;
    const started = Date.now();
    const end = started + durationMs;
    const refreshesBefore = refreshRequests(hub);
    const timers = [
      setInterval(() => {
        // The last fault goes in well before the end so that a request consumes it.
        if (Date.now() < end - 5000) {
          emulator.injectFault({ method: 'GET', path: '/rooms/{id}', status: 404, count: 1 });
          injected++;
        }
      }, FAULT_EVERY_MS),
      setInterval(() => void makeDue(hub, fleet.filter(() => Math.random() < 0.2)), REFRESH_EVERY_MS),
    ];
    const rss: number[][] = [];
    const memory = async () => Promise.all(processes.map(async (p) => sample(await (await fetch(`${p.origin}/metrics`)).text(), 'hub_process_resident_memory_bytes') / 2 ** 20));
    const warmUp = setTimeout(async () => rss.push(await memory()), durationMs / 10);
    // One RSS sample per process each minute, printed at the end, to tell a plateau from a leak.
    const series: number[][] = [];
    const sampler = setInterval(async () => series.push(await memory()), 60_000);
    let turn = 0;
    const client = async () => {
      while (Date.now() < end) await actions[pick()](turn++ % 2);
    };
    console.error(`soak: ${MINUTES} min of mixed traffic on two processes...`);
    await Promise.all(Array.from({ length: CLIENTS }, client));
    timers.forEach(clearInterval);
    clearTimeout(warmUp);
    clearInterval(sampler);
    rss.push(await memory());
    const seconds = (Date.now() - started) / 1000;

    // Let the dispatchers finish what was accepted, then check nothing went wrong on the way.
    const undeliveredNow = async () => (await hub.dataSource().query(`SELECT count(*)::int AS n FROM event_outbox WHERE status <> 'NOTIFIED'`))[0].n as number;
    let undelivered = await undeliveredNow();
    for (let i = 0; i < 120 && undelivered > 0; i++, undelivered = await undeliveredNow()) await new Promise((r) => setTimeout(r, 500));
    const [{ invalid }] = await hub.dataSource().query(`SELECT count(*)::int AS invalid FROM instance_tokens WHERE NOT valid`);
    const errors = [...statuses].filter(([key]) => !/ 200$/.test(key));
    const injectedSeen = statuses.get(`GET ${API}/hubs/collaboration/rooms/{id} 404`) ?? 0;
    const unexpected = errors.filter(([key]) => key !== `GET ${API}/hubs/collaboration/rooms/{id} 404`);
    console.error(`soak: answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    console.error(`soak: RSS MB per minute, per process: ${processes.map((_, i) => series.map((s) => Math.round(s[i])).join(' ')).join(' | ')}`);
    if (unexpected.length > 0 || injectedSeen !== injected || undelivered > 0 || invalid > 0) {
      throw new Error(`soak: unexpected answers ${JSON.stringify(unexpected)}, ${injectedSeen} of ${injected} injected 404s seen, ${undelivered} events undelivered, ${invalid} instances invalid`);
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 10) / 10;
    const [start, finish] = rss;
    const memoryNote = processes.map((_, i) => `RSS ${i + 1}: ${Math.round(start?.[i] ?? NaN)}→${Math.round(finish[i])} MB`).join(', ');
    return [
      {
        name: `soak, 2 processes, ${MINUTES} min`,
        requestsPerSecond: Math.round(latencies.length / seconds),
        p50Ms: pct(0.5),
        p99Ms: pct(0.99),
        notes: `${latencies.length} requests, ${injected} injected 404s and no other error; ${callback.count()} events relayed, ${refreshRequests(hub) - refreshesBefore} refreshes; ${memoryNote}`,
      },
    ];
  } finally {
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await hub.close();
    await callback.close();
    await emulator.close();
  }
}

async function asPerson(baseUrl: string, token: string, path: string, body: unknown): Promise<{ id: string }> {
  const res = await request(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.statusCode !== 200) throw new Error(`POST ${path} answered ${res.statusCode}`);
  return (await res.body.json()) as { id: string };
}

/** A callback that answers 200 and only counts (a soak must not grow the load generator's memory). */
async function countingCallback(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/soak`,
    count: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}
