import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';
import { asPerson } from '../events/relay-support';
import { hubGet, metric, setCaching } from './cache-support';

/**
 * The response cache of hub reads (docs/cache.md), through the real hub against the emulator:
 * what a user sees when caching is on, and that nothing is cached when it is off.
 */
describe('response cache of hub reads', () => {
  let hub: TestHub;
  let ann: ConnectedInstance;
  let auth: string;

  const newChannel = async (title: string): Promise<string> => (await asPerson(hub, ann.personToken, 'POST', '/rooms', { title })).id;
  const renameAtWebex = (id: string, title: string) => asPerson(hub, ann.personToken, 'PUT', `/rooms/${id}`, { title });

  beforeAll(async () => {
    hub = await startHub();
    ann = await connectInstance(hub);
    auth = withElement(hub, ann.token);
    await setCaching(hub, ann.id, { cachingEnabled: true, cacheTimeToLive: 300, maxCacheSize: 100 });
  }, 60_000);
  afterAll(() => hub.close());

  it('answers a repeated read from the cache, the same body, and says so', async () => {
    const id = await newChannel('Cached');
    const first = await hubGet(hub, auth, `channels/${id}`);
    const second = await hubGet(hub, auth, `channels/${id}`);
    expect([first.status, first.cache, second.status, second.cache]).toEqual([200, 'miss', 200, 'hit']);
    expect(second.body).toEqual(first.body);
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    // Proof it did not ask Webex: a change made there is not seen until something invalidates it.
    await renameAtWebex(id, 'Renamed at Webex');
    expect((await hubGet(hub, auth, `channels/${id}`)).body.title).toBe('Cached');
  });

  it('a write through the hub is seen by the next read through the hub (single and list)', async () => {
    const id = await newChannel('Before');
    await hubGet(hub, auth, `channels/${id}`);
    await hubGet(hub, auth, `channels/${id}/messages`);
    expect((await hubGet(hub, auth, `channels/${id}`)).cache).toBe('hit');

    await hub.http().patch(`${API}/hubs/collaboration/channels/${id}`).set('Authorization', auth).send({ title: 'After' }).expect(200);
    const read = await hubGet(hub, auth, `channels/${id}`);
    expect([read.cache, read.body.title]).toEqual(['miss', 'After']);

    await hub.http().post(`${API}/hubs/collaboration/channels/${id}/messages`).set('Authorization', auth).send({ text: 'hello' }).expect(200);
    const messages = await hubGet(hub, auth, `channels/${id}/messages`);
    expect(messages.cache).toBe('miss');
    expect(messages.body.map((m: { text: string }) => m.text)).toEqual(['hello']);
  });

  it('a delete through the hub invalidates: the next read is a 404, not the cached channel', async () => {
    const id = await newChannel('Doomed');
    await hubGet(hub, auth, `channels/${id}`);
    expect((await hubGet(hub, auth, `channels/${id}`)).cache).toBe('hit');
    await hub.http().delete(`${API}/hubs/collaboration/channels/${id}`).set('Authorization', auth).expect(200);
    const read = await hubGet(hub, auth, `channels/${id}`);
    expect(read.status).toBe(404);
    expect(read.cache).toBeUndefined();
  });

  it('never shares answers between instances, nor between queries', async () => {
    const bob = await connectInstance(hub);
    const bobAuth = withElement(hub, bob.token);
    await setCaching(hub, bob.id, { cachingEnabled: true, cacheTimeToLive: 300, maxCacheSize: 100 });
    const id = await newChannel('Ann only');
    expect((await hubGet(hub, auth, `channels/${id}`)).cache).toBe('miss');
    // Bob is not in Ann's room: Webex says 404 to him, cached or not.
    expect((await hubGet(hub, bobAuth, `channels/${id}`)).status).toBe(404);
    const projected = await hubGet(hub, auth, `channels/${id}`, { fields: 'title' });
    expect([projected.cache, Object.keys(projected.body)]).toEqual(['miss', ['title']]);
  });

  it('a change at Webex without events shows once cacheTimeToLive has passed', async () => {
    const carl = await connectInstance(hub);
    const carlAuth = withElement(hub, carl.token);
    await setCaching(hub, carl.id, { cachingEnabled: true, cacheTimeToLive: 1, maxCacheSize: 10 });
    const id = (await asPerson(hub, carl.personToken, 'POST', '/rooms', { title: 'Old' })).id;
    await hubGet(hub, carlAuth, `channels/${id}`);
    await asPerson(hub, carl.personToken, 'PUT', `/rooms/${id}`, { title: 'New' });
    expect((await hubGet(hub, carlAuth, `channels/${id}`)).body.title).toBe('Old');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const read = await hubGet(hub, carlAuth, `channels/${id}`);
    expect([read.cache, read.body.title]).toEqual(['miss', 'New']);
  });

  it('an instance with caching off never caches, and turning it off drops what was cached', async () => {
    const dee = await connectInstance(hub);
    const deeAuth = withElement(hub, dee.token);
    const id = (await asPerson(hub, dee.personToken, 'POST', '/rooms', { title: 'Live 0' })).id;
    for (let i = 1; i <= 3; i++) {
      const read = await hubGet(hub, deeAuth, `channels/${id}`);
      expect([read.cache, read.body.title]).toEqual([undefined, `Live ${i - 1}`]);
      await asPerson(hub, dee.personToken, 'PUT', `/rooms/${id}`, { title: `Live ${i}` });
    }
    await setCaching(hub, dee.id, { cachingEnabled: true, cacheTimeToLive: 300 });
    await hubGet(hub, deeAuth, `channels/${id}`);
    expect((await hubGet(hub, deeAuth, `channels/${id}`)).cache).toBe('hit');
    await asPerson(hub, dee.personToken, 'PUT', `/rooms/${id}`, { title: 'Fresh' });
    await setCaching(hub, dee.id, { cachingEnabled: false });
    const read = await hubGet(hub, deeAuth, `channels/${id}`);
    expect([read.cache, read.body.title]).toEqual([undefined, 'Fresh']);
  });

  it('stays within maxCacheSize: many distinct reads keep the held answers under it, without evicting another instance', async () => {
    const eve = await connectInstance(hub);
    const eveAuth = withElement(hub, eve.token);
    await setCaching(hub, eve.id, { cachingEnabled: true, cacheTimeToLive: 300, maxCacheSize: 5 });
    const kept = await newChannel('Kept');
    await hubGet(hub, auth, `channels/${kept}`);
    const entriesBefore = await metric(hub, 'hub_cache_entries');
    const bytesBefore = await metric(hub, 'hub_cache_bytes');
    const evictionsBefore = await metric(hub, 'hub_cache_evictions_total', { reason: 'size' });

    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await asPerson(hub, eve.personToken, 'POST', '/rooms', { title: `Room ${i} ${'x'.repeat(200)}` })).id);
    let largest = 0;
    for (const id of ids) largest = Math.max(largest, JSON.stringify((await hubGet(hub, eveAuth, `channels/${id}`)).body).length);

    expect(await metric(hub, 'hub_cache_entries')).toBeLessThanOrEqual(entriesBefore + 5);
    expect(await metric(hub, 'hub_cache_evictions_total', { reason: 'size' })).toBe(evictionsBefore + 35);
    // Eve's five answers, each its body plus its headers and key: well under a kilobyte more than the body.
    const added = (await metric(hub, 'hub_cache_bytes')) - bytesBefore;
    expect(added).toBeGreaterThan(5 * largest);
    expect(added).toBeLessThan(5 * (largest + 1024));
    // The five most recent are the ones kept; Ann's answer was not pushed out by Eve's.
    expect((await hubGet(hub, eveAuth, `channels/${ids[39]}`)).cache).toBe('hit');
    expect((await hubGet(hub, eveAuth, `channels/${ids[0]}`)).cache).toBe('miss');
    expect((await hubGet(hub, auth, `channels/${kept}`)).cache).toBe('hit');
    expect(await metric(hub, 'hub_cache_hits_total')).toBeGreaterThan(0);
    expect(await metric(hub, 'hub_cache_misses_total')).toBeGreaterThan(40);
  });

  it('a cached page walked with next-page tokens neither skips nor repeats, even when Webex changed since it was cached', async () => {
    const id = await newChannel('Paged');
    const original: string[] = [];
    for (let i = 0; i < 25; i++) original.unshift((await asPerson(hub, ann.personToken, 'POST', '/messages', { roomId: id, text: `m${i}` })).id);
    const walk = async (): Promise<{ ids: string[]; caches: string[] }> => {
      const ids: string[] = [];
      const caches: string[] = [];
      let nextPage: string | undefined;
      do {
        const page = await hubGet(hub, auth, `channels/${id}/messages`, { pageSize: '10', ...(nextPage && { nextPage }) });
        expect(page.status).toBe(200);
        ids.push(...page.body.map((m: { id: string }) => m.id));
        caches.push(page.cache!);
        nextPage = page.headers['elements-next-page-token'];
      } while (nextPage);
      return { ids, caches };
    };
    const first = await walk();
    expect(first).toEqual({ ids: original, caches: ['miss', 'miss', 'miss'] });
    expect(await walk()).toEqual({ ids: original, caches: ['hit', 'hit', 'hit'] });

    // Only the first page stays cached; then newer messages arrive at Webex (no webhook: not heard).
    await hub.http().patch(`${API}/instances/${ann.id}`).set('Authorization', hub.auth).send({ maxCacheSize: 99 }).expect(200);
    expect((await hubGet(hub, auth, `channels/${id}/messages`, { pageSize: '10' })).cache).toBe('miss');
    for (let i = 0; i < 7; i++) await asPerson(hub, ann.personToken, 'POST', '/messages', { roomId: id, text: `late ${i}` });
    const mixed = await walk();
    expect(mixed.caches).toEqual(['hit', 'miss', 'miss']);
    expect(mixed.ids).toEqual(original);
  });
});
