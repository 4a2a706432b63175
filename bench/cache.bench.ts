import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator';
import { startHubProcess, type HubProcess } from '../test/support/hub-process';
import { benchHubEnv, benchRoom, hubLoad, inTurn, median, middle, type Measured, ROUNDS } from './hub-proxy.bench';
import type { BenchResult, LoadOptions } from './support';

const LOAD = { connections: 50, durationSeconds: 10 };

/**
 * `GET /hubs/collaboration/channels/{id}` through the hub with caching on, against the same read
 * with caching off and `GET /v1/rooms/{id}` made directly to the emulator, in the same run. The hub
 * runs alone in a child process as `npm start > hub.log` runs it: its line per request goes to a
 * file, not to a pipe to this process, which drives the load and would otherwise also read and keep
 * every line (about a million a run). The emulator and autocannon share this process. Two instances
 * of the same Webex person in the one hub: one uncached, one with cachingEnabled (TTL an hour:
 * every measured read is a hit).
 *
 * The three phases take turns, ROUNDS times (after a warm-up of each): a row is the median round
 * by req/s; a ratio is the median of the rounds' ratios, each round's given.
 */
export async function run(): Promise<BenchResult[]> {
  const emulator = await startEmulator({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-cache-'));
  let hub: HubProcess | undefined;
  try {
    hub = await startHubProcess({ env: benchHubEnv(dataDir, emulator.baseUrl), logFile: join(dataDir, 'hub.log') });
    const { accessToken, roomId } = await benchRoom(emulator);
    const uncached = await hubLoad(hub.origin, emulator, roomId);
    const cached = await hubLoad(hub.origin, emulator, roomId);
    await enableCaching(hub.origin, cached);
    const [directRounds, uncachedRounds, cachedRounds] = await inTurn([
      { name: 'direct: emulator GET /v1/rooms/{id}', load: { url: `${emulator.baseUrl}/rooms/${roomId}`, headers: { authorization: `Bearer ${accessToken}` }, ...LOAD } },
      { name: 'hub, caching off', pid: hub.pid, load: { ...uncached, ...LOAD } },
      { name: 'hub, caching on (all hits)', pid: hub.pid, load: { ...cached, ...LOAD } },
    ]);
    const cpu = (rounds: Measured[]) => `${Math.round(middle(rounds.map((r) => r.cpuUsPerRequest!)))} us hub CPU per request`;
    const direct = median(directRounds);
    direct.notes = `50 connections, 10 s a phase, ${ROUNDS} rounds in turn; emulator and autocannon in the bench process`;
    const off = median(uncachedRounds);
    off.notes = `${cpu(uncachedRounds)}; ${ratios(uncachedRounds, directRounds)} direct`;
    const on = median(cachedRounds);
    on.notes = `${cpu(cachedRounds)}; ${ratios(cachedRounds, directRounds)} direct; ${ratios(cachedRounds, uncachedRounds)} caching off; p50 ${on.p50Ms} ms against ${off.p50Ms} ms`;
    return [direct, off, on];
  } finally {
    await hub?.kill();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The median of the round-by-round throughput ratios, and each round's. */
function ratios(rounds: Measured[], base: Measured[]): string {
  const each = rounds.map((r, i) => r.requestsPerSecond / base[i].requestsPerSecond);
  return `${middle(each).toFixed(2)}x (rounds ${each.map((r) => r.toFixed(2)).join(', ')})`;
}

/** PATCH /instances with the instance's own Element token: caching on, for an hour, room for 100 answers. */
async function enableCaching(hubUrl: string, load: LoadOptions): Promise<void> {
  const res = await fetch(`${hubUrl}/elements/api-v2/instances`, {
    method: 'PATCH',
    headers: { ...load.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ cachingEnabled: true, cacheTimeToLive: 3600, maxCacheSize: 100 }),
  });
  if (!res.ok) throw new Error(`Turning caching on: ${res.status} ${await res.text()}`);
  // The first read is the miss that fills the cache; the next must be a hit, or the bench measures nothing.
  for (const expected of ['miss', 'hit']) {
    const read = await fetch(load.url, { headers: load.headers });
    await read.text();
    if (read.headers.get('elements-cache') !== expected) throw new Error(`The cached instance answered elements-cache: ${read.headers.get('elements-cache')}, not ${expected}`);
  }
}
