import { startEmulator } from '../emulator';
import { startHub, type TestHub } from '../test/support/hub';
import { replicaEnv, sharedEncryptionKeys, startHubProcess, type HubProcess } from '../test/support/hub-process';
import { insertInstances, makeDue, refreshRequests } from '../test/support/instance-fleet';
import type { BenchResult } from './support';

const INSTANCES = 10_000;

/**
 * The refresh scheduler's throughput: 10,000 instances made due at once on PostgreSQL, refreshed
 * against the emulator (rotating refresh tokens) by one hub process, then by two. p50/p99 are how
 * long an instance waited between becoming due and being refreshed.
 */
export async function run(): Promise<BenchResult[]> {
  if (!process.env.DATABASE_URL) throw new Error('The refresh benchmark needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  const emulator = await startEmulator({ port: 0, rotateRefreshTokens: true });
  const hub = await startHub({ sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys(), LOG_LEVEL: 'warn' } });
  try {
    console.error(`creating ${INSTANCES} instances...`);
    await insertInstances(hub, INSTANCES);
    return [await cycle(hub, 1), await cycle(hub, 2)];
  } finally {
    await hub.close();
    await emulator.close();
  }
}

async function cycle(hub: TestHub, processes: number): Promise<BenchResult> {
  const env = replicaEnv(hub, { HUB_WORKERS_ENABLED: 'true', HUB_REFRESH_POLL_MS: '100', LOG_LEVEL: 'warn' });
  const replicas: HubProcess[] = await Promise.all(Array.from({ length: processes }, () => startHubProcess({ env })));
  try {
    const before = refreshRequests(hub);
    const [{ t0 }] = await hub.dataSource().query(`SELECT now() AS t0`);
    const started = Date.now();
    await makeDue(hub);
    for (;;) {
      const [{ n }] = await hub.dataSource().query(`SELECT count(*)::int AS n FROM instance_tokens WHERE last_refresh_at >= $1`, [t0]);
      if (n === INSTANCES) break;
      if (Date.now() - started > 600_000) throw new Error(`only ${n} of ${INSTANCES} refreshed in 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    const requests = refreshRequests(hub) - before;
    const [{ invalid }] = await hub.dataSource().query(`SELECT count(*)::int AS invalid FROM instance_tokens WHERE NOT valid`);
    if (requests !== INSTANCES || invalid > 0) throw new Error(`${requests} refresh requests for ${INSTANCES} instances, ${invalid} invalid`);
    const waits: number[] = (await hub.dataSource().query(`SELECT extract(epoch FROM last_refresh_at - $1::timestamptz) * 1000 AS ms FROM instance_tokens ORDER BY 1`, [t0])).map(
      (r: { ms: string }) => Number(r.ms),
    );
    return {
      name: `refresh scheduler, ${processes} process${processes > 1 ? 'es' : ''}`,
      requestsPerSecond: Math.round(INSTANCES / seconds),
      p50Ms: Math.round(waits[Math.floor(waits.length * 0.5)]),
      p99Ms: Math.round(waits[Math.floor(waits.length * 0.99)]),
      notes: `${INSTANCES} due instances, batch 100, concurrency 16 per process, rotating tokens, each refreshed once`,
    };
  } finally {
    await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
  }
}
