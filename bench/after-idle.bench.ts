import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { enableCaching, withServers } from './cache.bench';
import { cpuPerRequest, hubLoad, measureCpu, median, type Measured } from './hub-proxy.bench';
import { measure, type BenchResult, type LoadOptions } from './support';

const SLICES = 5;
const SLICE = { connections: 50, durationSeconds: 2 };
/** Longer than V8's memory reducer waits (8 s) before it shrinks a heap that has stopped allocating. */
const IDLE_MS = 25_000;

/**
 * The same servers as the cache bench (hub with caching on, all hits; the emulator directly), each
 * loaded twice after a warm-up: busy (the hub has not been idle since it started), then after
 * IDLE_MS with no request at all. Each load is SLICES slices of 2 s; a row gives the median slice
 * and every slice's req/s. Between the cache bench's rounds each server waits 20-30 s for its
 * turn, so that bench measures the second state; this one shows what the wait does.
 */
export function run(): Promise<BenchResult[]> {
  return withServers(async ({ webex, emulator, hub, accessToken, roomId }) => {
    const cached = await hubLoad(hub.origin, webex, roomId);
    await enableCaching(hub.origin, cached);
    const hits = { ...cached, ...SLICE };
    const direct = { url: `${webex.baseUrl}/rooms/${roomId}`, headers: { authorization: `Bearer ${accessToken}` }, ...SLICE };
    const rows: BenchResult[] = [];
    for (const [name, pid, load] of [
      ['hub, caching on (all hits)', hub.pid, hits],
      ['direct: emulator GET /v1/rooms/{id}', emulator.pid, direct],
    ] as const) {
      await measure(`${name} (warm-up)`, { ...load, durationSeconds: 4 });
      const busy = await slices(`${name}, busy`, pid, load);
      busy.notes += `; RSS ${rssMb(pid)} MB after`;
      await sleep(IDLE_MS);
      const idleRss = rssMb(pid);
      const idled = await slices(`${name}, after ${IDLE_MS / 1000} s idle`, pid, load);
      idled.notes += `; RSS ${idleRss} MB before; ${(idled.requestsPerSecond / busy.requestsPerSecond).toFixed(2)}x busy`;
      rows.push(busy, idled);
    }
    return rows;
  });
}

/** The resident memory of process `pid`, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
  return Math.round(Number(kb) / 1024);
}

/** SLICES loads of 2 s back to back: the median slice (by req/s), with every slice's req/s and the median CPU per request. */
async function slices(name: string, pid: number, load: LoadOptions): Promise<BenchResult> {
  const each: Measured[] = [];
  for (let i = 0; i < SLICES; i++) each.push(await measureCpu(name, pid, load));
  const row = median(each);
  row.notes = `${cpuPerRequest(each)} us CPU per request; slices ${each.map((s) => s.requestsPerSecond).join(', ')} req/s`;
  delete row.cpuUsPerRequest;
  return row;
}
