import { startEmulator, type RunningEmulator } from '../../emulator';
import { asPerson } from '../events/relay-support';
import { onPostgres } from '../support/database';
import { API, startHub, TestHub } from '../support/hub';
import { HubProcess, replicaEnv, sharedEncryptionKeys, startHubProcess } from '../support/hub-process';
import { connectInstance, withElement } from '../support/recipe';
import { hubGet, setCaching } from './cache-support';

/**
 * Two hub processes on one PostgreSQL database: a write through one drops the answers the other
 * had cached, through LISTEN/NOTIFY, within a second. (PGlite is one process: nothing to share.)
 */
const describeOnPostgres = onPostgres() ? describe : describe.skip;
const WITHIN_MS = 1000;

describeOnPostgres('response cache across replicas', () => {
  let emulator: RunningEmulator;
  let hub: TestHub;
  let a: HubProcess;
  let b: HubProcess;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    hub = await startHub({ sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys() } });
    [a, b] = await Promise.all([startHubProcess({ env: replicaEnv(hub) }), startHubProcess({ env: replicaEnv(hub) })]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((r) => r.kill('SIGTERM')));
    await hub?.close();
    await emulator?.close();
  });

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
});
