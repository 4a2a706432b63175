import { startEmulator, type RunningEmulator } from '../../emulator';
import { onPostgres } from '../support/database';
import { API, startHub, TestHub } from '../support/hub';
import { HubProcess, replicaEnv, sharedEncryptionKeys, startHubProcess } from '../support/hub-process';
import { deadRefreshTokens, insertInstances, makeDue, refreshRequests } from '../support/instance-fleet';
import { withElement } from '../support/recipe';

/**
 * Several hub processes on one PostgreSQL database. The in-process hub (workers off) only sets
 * the scene and looks at the rows; the replicas are real Node processes.
 */
const describeOnPostgres = onPostgres() ? describe : describe.skip;
const REPLICA = { HUB_WORKERS_ENABLED: 'true', HUB_REFRESH_POLL_MS: '100', HUB_REFRESH_BATCH_SIZE: '20', HUB_REFRESH_LEASE_MS: '3000', LOG_LEVEL: 'debug' };

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const count = async (hub: TestHub, where: string, params: unknown[] = []) => (await hub.dataSource().query(`SELECT count(*)::int AS n FROM instances JOIN instance_tokens ON instance_id = id WHERE ${where}`, params))[0].n as number;
const refreshedBy = (replica: HubProcess) => replica.logs.filter((line) => line.includes('"Tokens refreshed"')).length;

describeOnPostgres('token refresh with two hub processes and rotating refresh tokens', () => {
  let emulator: RunningEmulator;
  let hub: TestHub;
  let replicas: HubProcess[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rotateRefreshTokens: true });
    hub = await startHub({ sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys() } });
    replicas = await Promise.all([startHubProcess({ env: replicaEnv(hub, REPLICA) }), startHubProcess({ env: replicaEnv(hub, REPLICA) })]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
    await hub?.close();
    await emulator?.close();
  });

  it('500 due instances: each refreshed exactly once per cycle, by both processes between them, none invalid', async () => {
    const ids = await insertInstances(hub, 500);
    const before = refreshRequests(hub);
    await makeDue(hub, ids);

    await until('every instance refreshed', () => count(hub, 'id = ANY($1) AND token_version >= 2', [ids]), (n) => n === 500);
    // A few more scheduler cycles: nothing is refreshed twice.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(refreshRequests(hub) - before).toBe(500);
    expect(await count(hub, 'id = ANY($1) AND token_version = 2 AND valid AND refresh_failures = 0 AND refresh_claim IS NULL', [ids])).toBe(500);
    expect(await count(hub, 'id = ANY($1) AND next_refresh_at > now() + interval \'1 day\'', [ids])).toBe(500);
    expect(await deadRefreshTokens(hub, ids)).toEqual([]);
    const split = replicas.map(refreshedBy);
    expect(split[0] + split[1]).toBe(500);
    expect(split[0]).toBeGreaterThan(0);
    expect(split[1]).toBeGreaterThan(0);
  }, 90_000);

  it('50 concurrent hub calls on a just-expired token, spread over both processes: one refresh request, 50 successes', async () => {
    const [id] = await insertInstances(hub, 1);
    const token = 'fleet-element-token';
    await hub.dataSource().query(`UPDATE instances SET token_hash = encode(sha256($1::bytea), 'hex') WHERE id = $2`, [token, id]);
    await hub.dataSource().query(`UPDATE instance_tokens SET access_token_expires_at = now() - interval '1 second' WHERE instance_id = $1`, [id]);
    const before = refreshRequests(hub);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => replicas[i % 2].http().get(`${API}/hubs/collaboration/accounts`).set('Authorization', withElement(hub, token))),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(new Set(answers.map((a) => a.body.email)).size).toBe(1);
    expect(refreshRequests(hub) - before).toBe(1);
    expect(await count(hub, 'id = $1 AND token_version = 2 AND valid', [id])).toBe(1);
    expect(await deadRefreshTokens(hub, [id])).toEqual([]);
  }, 60_000);

  it('invalid_grant seen by one process: the other answers 401 with the re-authorize message too', async () => {
    const [id] = await insertInstances(hub, 1);
    const token = 'fleet-element-token-2';
    await hub.dataSource().query(`UPDATE instances SET token_hash = encode(sha256($1::bytea), 'hex') WHERE id = $2`, [token, id]);
    emulator.emulator.store.refreshTokens.clear();
    await hub.dataSource().query(`UPDATE instance_tokens SET access_token_expires_at = now() - interval '1 second' WHERE instance_id = $1`, [id]);

    for (const replica of replicas) {
      const res = await replica.http().get(`${API}/hubs/collaboration/accounts`).set('Authorization', withElement(hub, token));
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/re-authorize it with PUT \/instances/);
    }
    expect(await count(hub, 'id = $1 AND NOT valid AND invalid_reason LIKE $2', [id, '%invalid_grant%'])).toBe(1);
  }, 60_000);
});

describeOnPostgres('a hub process killed in the middle of refreshing', () => {
  let emulator: RunningEmulator;
  let hub: TestHub;
  const replicas: HubProcess[] = [];

  beforeAll(async () => {
    // As Webex: refreshing returns the same refresh token. With rotation, a grant the provider
    // answered to a process killed before it stored the answer is lost to any client.
    emulator = await startEmulator({ port: 0 });
    hub = await startHub({ sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys() } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
    await hub?.close();
    await emulator?.close();
  });

  it('leaves every instance with a usable refresh token, and the next cycle (another process) completes', async () => {
    const ids = await insertInstances(hub, 200);
    const doomed = await startHubProcess({ env: replicaEnv(hub, REPLICA) });
    replicas.push(doomed);
    // Slow token endpoint: the process is killed with refreshes in flight.
    emulator.injectFault({ path: '/access_token', delayMs: 1500, count: 10_000 });
    await makeDue(hub, ids);
    await until('refreshes in flight', () => count(hub, 'refresh_claim IS NOT NULL'), (n) => n > 0, 10_000);

    await doomed.kill('SIGKILL');

    expect(await count(hub, 'id = ANY($1) AND (NOT valid OR refresh_token IS NULL OR access_token IS NULL)', [ids])).toBe(0);
    expect(await count(hub, 'refresh_claim IS NOT NULL')).toBeGreaterThan(0);
    expect(await deadRefreshTokens(hub, ids)).toEqual([]);

    emulator.clearFaults();
    const survivor = await startHubProcess({ env: replicaEnv(hub, REPLICA) });
    replicas.push(survivor);
    await until('every instance refreshed', () => count(hub, 'id = ANY($1) AND token_version >= 2', [ids]), (n) => n === 200);
    expect(await count(hub, 'id = ANY($1) AND valid AND refresh_claim IS NULL AND next_refresh_at > now()', [ids])).toBe(200);
    expect(await deadRefreshTokens(hub, ids)).toEqual([]);
  }, 120_000);
});
