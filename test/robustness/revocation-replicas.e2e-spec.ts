import { rotateUserSecret } from '../../src/operator/operator-commands';
import { onPostgres } from '../support/database';
import { API, TestHub } from '../support/hub';
import type { HubProcess } from '../support/hub-process';
import { startReplicaPair, type ReplicaPair } from '../support/replica-pair';
import { connectInstance, withElement } from '../support/recipe';

/**
 * Finding: a disabled instance, a deleted user or a rotated secret kept working on the other
 * replicas for up to HUB_AUTH_CACHE_MS (5 s), from their per-process caches. Revocations are now
 * announced on PostgreSQL (LISTEN/NOTIFY) and every replica drops the old state within a second.
 * Two hub processes: the change is made through one (or the operator command), the other is asked.
 */
const describeOnPostgres = onPostgres() ? describe : describe.skip;
const WITHIN_MS = 1000;

describeOnPostgres('revocation reaches every replica within a second', () => {
  let hub: TestHub;
  let a: HubProcess;
  let b: HubProcess;
  let pair: ReplicaPair | undefined;

  beforeAll(async () => {
    pair = await startReplicaPair();
    ({ hub, a, b } = pair);
  }, 120_000);
  afterAll(() => pair?.close());

  /** Asks `replica` until it answers `status`; how long that took after the change, or a failure past the bound. */
  async function answered(what: string, status: number, ask: () => Promise<{ status: number }>): Promise<number> {
    const start = Date.now();
    for (;;) {
      const res = await ask();
      const elapsed = Date.now() - start;
      if (res.status === status) {
        process.stdout.write(`revocation: ${what} answered ${status} after ${elapsed} ms\n`);
        return elapsed;
      }
      if (elapsed > WITHIN_MS) throw new Error(`${what}: still ${res.status} after ${elapsed} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function newUser(email: string): Promise<{ id: number; auth: string }> {
    const res = await a.http().post(`${API}/users`).set('Authorization', hub.auth).send({ email }).expect(200);
    return { id: res.body.id, auth: `User ${res.body.secret}, Organization ${hub.organizationSecret}` };
  }

  it('an instance disabled through one replica is answered 403 by the other', async () => {
    const instance = await connectInstance(hub);
    const call = () => b.http().get(`${API}/hubs/collaboration/accounts`).set('Authorization', withElement(hub, instance.token));
    await call().expect(200);

    await a.http().delete(`${API}/instances/${instance.id}/enabled`).set('Authorization', hub.auth).expect(200);

    expect(await answered('disabled instance', 403, call)).toBeLessThan(WITHIN_MS);
  }, 60_000);

  it('an instance deleted through one replica is answered 401 by the other', async () => {
    const instance = await connectInstance(hub);
    const call = () => b.http().get(`${API}/hubs/collaboration/accounts`).set('Authorization', withElement(hub, instance.token));
    await call().expect(200);

    await a.http().delete(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).expect(200);

    expect(await answered('deleted instance', 401, call)).toBeLessThan(WITHIN_MS);
  }, 60_000);

  it('a user secret rotated through one replica stops working on the other', async () => {
    const user = await newUser('rotated@example.com');
    const call = () => b.http().get(`${API}/organizations/me`).set('Authorization', user.auth);
    await call().expect(200);

    await a.http().post(`${API}/users/${user.id}/secret`).set('Authorization', user.auth).expect(200);

    expect(await answered('rotated user secret', 401, call)).toBeLessThan(WITHIN_MS);
  }, 60_000);

  it('a user secret rotated by the operator command stops working on both', async () => {
    const user = await newUser('operator-rotated@example.com');
    for (const replica of [a, b]) await replica.http().get(`${API}/organizations/me`).set('Authorization', user.auth).expect(200);

    await rotateUserSecret(hub.dataSource(), hub.config, 'operator-rotated@example.com');

    for (const replica of [a, b]) {
      expect(await answered('operator-rotated user secret', 401, () => replica.http().get(`${API}/organizations/me`).set('Authorization', user.auth))).toBeLessThan(WITHIN_MS);
    }
  }, 60_000);

  it('a user deleted through one replica is refused by the other', async () => {
    const user = await newUser('deleted@example.com');
    const call = () => b.http().get(`${API}/organizations/me`).set('Authorization', user.auth);
    await call().expect(200);

    await a.http().delete(`${API}/users/${user.id}`).set('Authorization', hub.auth).expect(200);

    expect(await answered('deleted user', 401, call)).toBeLessThan(WITHIN_MS);
  }, 60_000);
});
