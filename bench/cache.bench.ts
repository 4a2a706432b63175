import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moduleArgs, startFlags, startHubProcess, type HubProcess } from '../test/support/hub-process';
import { startEmulatorProcess, type BenchWebex } from './emulator-process';
import type { FixedAnswer } from './fixed-answer';
import { benchHubEnv, benchRoom, cpuPerRequest, hubLoad, inTurn, median, type Measured, ratios, ROUNDS } from './hub-proxy.bench';
import type { BenchResult, LoadOptions } from './support';

const LOAD = { connections: 50, durationSeconds: 10 };

/**
 * `GET /hubs/collaboration/channels/{id}` through the hub with caching on, against the same read
 * with caching off, `GET /v1/rooms/{id}` made directly to the emulator, and the floor under any
 * Node server here (`node:http` sending a hit's bytes, fixed-answer.ts), in the same run. Each
 * server runs alone in a child process with `npm start`'s Node flags, so each has a core of its
 * own and autocannon, alone in the bench process, the other; the CPU each spends per request is
 * read from /proc. The hub logs its line per request to a file, as `npm start > hub.log` does.
 * The emulator process is also the hub's Webex. Two instances of the same Webex person in the one
 * hub: one uncached, one with cachingEnabled (TTL an hour: every measured read is a hit).
 *
 * The phases take turns, ROUNDS times (after a warm-up of each): a row is the median round by
 * req/s; a ratio is the median of the rounds' ratios, each round's given.
 */
export function run(): Promise<BenchResult[]> {
  return withServers(async ({ webex, emulator, hub, accessToken, roomId, processes }) => {
    const uncached = await hubLoad(hub.origin, webex, roomId);
    const cached = await hubLoad(hub.origin, webex, roomId);
    const hit = await enableCaching(hub.origin, cached);
    const floor = await startHubProcess({ env: { ANSWER: JSON.stringify(hit) }, args: [...startFlags(), ...moduleArgs('bench', 'fixed-answer')], healthPath: '/' });
    processes.push(floor);
    const [directRounds, uncachedRounds, cachedRounds, floorRounds] = await inTurn([
      { name: 'direct: emulator GET /v1/rooms/{id}', pid: emulator.pid, load: { url: `${webex.baseUrl}/rooms/${roomId}`, headers: { authorization: `Bearer ${accessToken}` }, ...LOAD } },
      { name: 'hub, caching off', pid: hub.pid, load: { ...uncached, ...LOAD } },
      { name: 'hub, caching on (all hits)', pid: hub.pid, load: { ...cached, ...LOAD } },
      { name: "floor: node:http sending a hit's bytes", pid: floor.pid, load: { ...cached, url: `${floor.origin}${new URL(cached.url).pathname}`, ...LOAD } },
    ]);
    const cpu = (rounds: Measured[], whose: string) => `${cpuPerRequest(rounds)} us ${whose} CPU per request`;
    const direct = median(directRounds);
    direct.notes = `${cpu(directRounds, 'emulator')}; 50 connections, 10 s a phase, ${ROUNDS} rounds in turn; each server in its own process, autocannon alone in the bench process`;
    const off = median(uncachedRounds);
    off.notes = `${cpu(uncachedRounds, 'hub')} (the emulator's besides); ${ratios(uncachedRounds, directRounds)} direct`;
    const on = median(cachedRounds);
    on.notes = `${cpu(cachedRounds, 'hub')}; ${ratios(cachedRounds, directRounds)} direct; ${ratios(cachedRounds, uncachedRounds)} caching off; ${ratios(cachedRounds, floorRounds)} the floor; p50 ${on.p50Ms} ms against ${off.p50Ms} ms`;
    const bare = median(floorRounds);
    bare.notes = `${cpu(floorRounds, 'server')}; ${ratios(floorRounds, directRounds)} direct`;
    return [direct, off, on, bare];
  });
}

export interface BenchServers {
  webex: BenchWebex;
  emulator: HubProcess;
  hub: HubProcess;
  /** The bench person's Webex token, and their room. */
  accessToken: string;
  roomId: string;
  /** Stopped, last first, when `use` is done: a server `use` starts goes here too. */
  processes: HubProcess[];
}

/**
 * The emulator and a hub on it (PGlite in a directory of its own, its log to a file there), each
 * alone in a child process, and the bench room; for as long as `use` runs, then stopped and removed.
 */
export async function withServers<T>(use: (servers: BenchServers) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const processes: HubProcess[] = [];
  try {
    const { webex, process: emulator } = await startEmulatorProcess();
    processes.push(emulator);
    const hub = await startHubProcess({ env: benchHubEnv(dataDir, webex.baseUrl), logFile: join(dataDir, 'hub.log') });
    processes.push(hub);
    return await use({ webex, emulator, hub, ...(await benchRoom(webex)), processes });
  } finally {
    for (const child of processes.reverse()) await child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Headers of the connection, not of the answer: the floor's own server writes its own. */
const CONNECTION_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/**
 * PATCH /instances with the instance's own Element token: caching on, for an hour, room for 100
 * answers. Returns the hit the hub then answers, for the floor to send.
 */
export async function enableCaching(hubUrl: string, load: LoadOptions): Promise<FixedAnswer> {
  const res = await fetch(`${hubUrl}/elements/api-v2/instances`, {
    method: 'PATCH',
    headers: { ...load.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ cachingEnabled: true, cacheTimeToLive: 3600, maxCacheSize: 100 }),
  });
  if (!res.ok) throw new Error(`Turning caching on: ${res.status} ${await res.text()}`);
  // The first read is the miss that fills the cache; the next must be a hit, or the bench measures nothing.
  let hit: FixedAnswer | undefined;
  for (const expected of ['miss', 'hit']) {
    const read = await fetch(load.url, { headers: load.headers });
    const body = await read.text();
    if (read.headers.get('elements-cache') !== expected) throw new Error(`The cached instance answered elements-cache: ${read.headers.get('elements-cache')}, not ${expected}`);
    hit = { headers: Object.fromEntries([...read.headers].filter(([name]) => !CONNECTION_HEADERS.has(name))), body };
  }
  return hit!;
}
