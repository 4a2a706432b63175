import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator';
import { eventsConfiguration, startReceiver, startRelayHub, type Receiver } from '../test/events/relay-support';
import { moduleArgs, sharedEncryptionKeys, startFlags, startHubProcess, type HubProcess } from '../test/support/hub-process';
import { connectInstance } from '../test/support/recipe';
import { runPhase } from './relay/relay-load';
import { PGLITE_SETTINGS } from '../src/database/data-source';
import type { BenchResult } from './support';

const IDLE_MS = 5000;
const LOAD_SECONDS = Number(process.env.PGLITE_LOAD_SECONDS ?? 20);
const MB = 1024 * 1024;

/** The settings tried, each on a fresh data directory; PGLITE_VARIANTS picks some by name. */
const VARIANTS: Array<{ name: string; options: object }> = [
  // The baseline: what initdb and PGlite set (postgresql.conf's shared_buffers, max_connections).
  { name: 'initdb defaults', options: { settings: { shared_buffers: '128MB', max_connections: '100' } } },
  { name: `the hub's (${Object.entries(PGLITE_SETTINGS).map(([name, value]) => `${name}=${value}`).join(', ')})`, options: {} },
  { name: 'shared_buffers=16MB only', options: { settings: { shared_buffers: '16MB', max_connections: '100' } } },
  { name: "the hub's, and work_mem=1MB, maintenance_work_mem=8MB", options: { settings: { work_mem: '1MB', maintenance_work_mem: '8MB' } } },
];
// PGlite's initialMemory cannot go below 128 MB: its module asks for 2048 pages of 64 kB at least.

interface Memory {
  rssMb: number;
  /** PGlite's WebAssembly memory. */
  heapMb: number;
  /** V8's JavaScript heap (heapTotal). */
  jsMb: number;
}

/**
 * The resident memory of a hub on PGlite (`node <npm start's flags> main.js`, workers on), and
 * what bounds it: after a first start (migrations) and a second start, 5 s idle, then the peak
 * while relaying signed Webex webhooks flat out for PGLITE_LOAD_SECONDS (one instance with events
 * on, a local callback), then idle again. Each PGlite setting tried is passed by a preload
 * (`bench/pglite/pglite-options.preload.ts`), so the hub itself is unchanged; "wasm" is the size
 * of PGlite's WebAssembly memory, which grows and never shrinks, "JS" V8's heap.
 */
export async function run(): Promise<BenchResult[]> {
  const wanted = process.env.PGLITE_VARIANTS?.split(';');
  const emulator = await startEmulator({ port: 0 });
  const receiver = await startReceiver();
  try {
    const rows: BenchResult[] = [];
    for (const variant of VARIANTS.filter((v) => !wanted || wanted.some((w) => v.name.includes(w)))) {
      console.error(`pglite-memory: ${variant.name}`);
      rows.push(
        await measureVariant(variant.name, variant.options, emulator, receiver).catch((error: Error) => ({
          name: `PGlite hub RSS: ${variant.name}`,
          requestsPerSecond: NaN,
          p50Ms: NaN,
          p99Ms: NaN,
          notes: `FAILED: ${error.message}`,
        })),
      );
    }
    return rows;
  } finally {
    await receiver.close();
    await emulator.close();
  }
}

async function measureVariant(name: string, options: object, emulator: RunningEmulator, receiver: Receiver): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-pglite-memory-'));
  const heapFile = join(dataDir, 'heap');
  const secrets = { organization: randomBytes(32).toString('base64url'), user: randomBytes(32).toString('base64url') };
  const env = {
    DATA_DIR: dataDir,
    WEBEX_API_URL: emulator.baseUrl,
    HUB_ORGANIZATION_SECRET: secrets.organization,
    HUB_USER_SECRET: secrets.user,
    HUB_ENCRYPTION_KEYS: sharedEncryptionKeys(),
    HUB_CONSOLE_PASSWORD: randomBytes(18).toString('base64url'),
    HUB_WORKERS_ENABLED: 'true',
    LOG_LEVEL: 'warn',
    BENCH_PGLITE_OPTIONS: JSON.stringify(options),
    BENCH_PGLITE_HEAP_FILE: heapFile,
  };
  const start = () => startHubProcess({ env, readyTimeoutMs: 120_000, args: [...startFlags(), '-r', join(__dirname, 'pglite', 'pglite-options.preload.js'), ...moduleArgs('src', 'main')] });
  const memory = (hub: HubProcess) => memoryOf(hub.pid, heapFile);
  try {
    const first = await start();
    const firstIdle = await idle(first, memory);
    await first.kill('SIGTERM');

    // The instance is connected by a hub in this process, on the same data directory and secrets.
    const setup = await startRelayHub({ sharedEmulator: emulator, database: { dataDir, drop: async () => undefined }, secrets, env: { HUB_ENCRYPTION_KEYS: env.HUB_ENCRYPTION_KEYS } });
    await connectInstance(setup, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    const webhook = [...emulator.emulator.store.webhooks.values()].at(-1)!;
    await setup.close({ keepDatabase: true });

    const hub = await start();
    try {
      const secondIdle = await idle(hub, memory);
      let peak: Memory = secondIdle;
      const sampler = setInterval(() => {
        const now = memory(hub);
        if (now.rssMb > peak.rssMb) peak = now;
      }, 250);
      receiver.received.length = 0;
      const system = { intakeUrl: `${hub.origin}${new URL(webhook.targetUrl).pathname}`, secret: webhook.secret!, webhookId: webhook.id, receiver, close: async () => undefined };
      const load = await runPhase(system, { senders: 16, durationMs: LOAD_SECONDS * 1000, drainMs: 120_000 });
      clearInterval(sampler);
      const afterLoad = await idle(hub, memory);
      const mb = (m: Memory) => `${m.rssMb} MB (wasm ${m.heapMb}, JS ${m.jsMb})`;
      return {
        name: `PGlite hub RSS: ${name}`,
        requestsPerSecond: load.deliveredPerSecond,
        p50Ms: load.p50Ms,
        p99Ms: load.p99Ms,
        notes: `first start idle ${mb(firstIdle)}; second start idle ${mb(secondIdle)}; relaying ${LOAD_SECONDS} s, peak ${mb(peak)}; idle after ${mb(afterLoad)}; ${load.accepted} in, ${load.delivered} delivered`,
      };
    } finally {
      await hub.kill('SIGTERM');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function idle(hub: HubProcess, memory: (hub: HubProcess) => Memory): Promise<Memory> {
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  return memory(hub);
}

function memoryOf(pid: number, heapFile: string): Memory {
  const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  let heap = { wasm: 0, js: 0 };
  try {
    heap = JSON.parse(readFileSync(heapFile, 'utf8')) as typeof heap;
  } catch {
    // Not written yet (PGlite not opened), or being written.
  }
  return { rssMb: Math.round(rssKb / 1024), heapMb: Math.round(heap.wasm / MB), jsMb: Math.round(heap.js / MB) };
}
