import { asPerson } from '../events/relay-support';
import { onPostgres } from '../support/database';
import { API, TestHub } from '../support/hub';
import type { HubProcess } from '../support/hub-process';
import { startReplicaPair, type ReplicaPair } from '../support/replica-pair';
import { connectInstance, withElement } from '../support/recipe';
import { hubGet, setCaching } from './cache-support';

/**
 * Two hub processes on one PostgreSQL database: a write through one drops the answers the other
 * had cached, through LISTEN/NOTIFY, within a second. (PGlite is one process: nothing to share.)
 */
const describeOnPostgres = onPostgres() ? describe : describe.skip;
const WITHIN_MS = 1000;

describeOnPostgres('response cache across replicas', () => {
  let hub: TestHub;
  let a: HubProcess;
  let b: HubProcess;
  let pair: ReplicaPair | undefined;

  beforeAll(async () => {
    pair = await startReplicaPair();
    ({ hub, a, b } = pair);
  }, 120_000);
  afterAll(() => pair?.close());

  it('a write through one replica invalidates the other within a second', async () => {
    const ann = await connectInstance(hub);
    const auth = withElement(hub, ann.token);
    await setCaching(hub, ann.id, { cachingEnabled: true, cacheTimeToLive: 3600, maxCacheSize: 100 });
    const id = (await asPerson(hub, ann.personToken, 'POST', '/rooms', { title: 'Before' })).id;
    await hubGet(b, auth, `channels/${id}`);
    expect((await hubGet(b, auth, `channels/${id}`)).cache).toBe('hit');
    await hubGet(b, auth, `channels/${id}/messages`);

    await a.http().patch(`${API}/hubs/collaboration/channels/${id}`).set('Authorization', auth).send({ title: 'After' }).expect(200);
    const start = Date.now();
    for (;;) {
      const read = await hubGet(b, auth, `channels/${id}`);
      if (read.body.title === 'After') break;
      expect(read.cache).toBe('hit');
      if (Date.now() - start > WITHIN_MS) throw new Error(`replica b still answers the old title ${Date.now() - start} ms after the write`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const elapsed = Date.now() - start;
    process.stdout.write(`cache: write through a seen through b after ${elapsed} ms\n`);
    expect(elapsed).toBeLessThan(WITHIN_MS);

    await a.http().post(`${API}/hubs/collaboration/channels/${id}/messages`).set('Authorization', auth).send({ text: 'via a' }).expect(200);
    await new Promise((resolve) => setTimeout(resolve, WITHIN_MS));
    const messages = await hubGet(b, auth, `channels/${id}/messages`);
    expect(messages.body.map((m: { text: string }) => m.text)).toEqual(['via a']);
  }, 60_000);

  it('a replica whose listening connection is lost drops its cache, reconnects, and hears invalidations again', async () => {
    const ann = await connectInstance(hub);
    const auth = withElement(hub, ann.token);
    await setCaching(hub, ann.id, { cachingEnabled: true, cacheTimeToLive: 3600, maxCacheSize: 100 });
    const id = (await asPerson(hub, ann.personToken, 'POST', '/rooms', { title: 'One' })).id;
    await hubGet(b, auth, `channels/${id}`);
    expect((await hubGet(b, auth, `channels/${id}`)).cache).toBe('hit');
    const listeners = async (): Promise<number> => (await hub.dataSource().query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'element-hub-cache' AND state = 'idle' AND query LIKE 'LISTEN%'`))[0].n;
    const before = await listeners();

    await hub.dataSource().query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'element-hub-cache'`);
    // Whatever was said while it was away is unheard: the cached answer goes.
    await until('b drops its cache', async () => (await hubGet(b, auth, `channels/${id}`)).cache === 'miss');
    await until('every replica listens again', async () => (await listeners()) === before);

    // Listening again, it dropped its cache once more (what was said meanwhile is unheard); it caches anew.
    await hubGet(b, auth, `channels/${id}`);
    expect((await hubGet(b, auth, `channels/${id}`)).cache).toBe('hit');
    await a.http().patch(`${API}/hubs/collaboration/channels/${id}`).set('Authorization', auth).send({ title: 'Two' }).expect(200);
    await until('b shows the write through a', async () => (await hubGet(b, auth, `channels/${id}`)).body.title === 'Two');
  }, 60_000);
});

/** Polls `check` every 20 ms; fails past WITHIN_MS × 3 (a reconnection waits 500 ms first). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > WITHIN_MS * 3) throw new Error(`${what}: not after ${Date.now() - start} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
