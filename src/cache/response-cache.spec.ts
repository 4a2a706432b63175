import { HubConfig } from '../config/hub-config';
import { HubMetrics } from '../metrics/hub-metrics';
import { CacheMetrics } from './cache-metrics';
import { CachedAnswer, ResponseCache } from './response-cache';

const answer = (bytes: number, type = 'rooms'): CachedAnswer => ({ body: Buffer.from('x'), headers: {}, headerList: [], type, bytes });
const caching = (id: number, maxCacheSize = 10) => ({ id, cachingEnabled: true, cacheTimeToLive: 60, maxCacheSize });

function setup(ceiling: number) {
  const metrics = new HubMetrics();
  const sut = new ResponseCache(Object.assign(new HubConfig(), { HUB_CACHE_MAX_BYTES: ceiling }), new CacheMetrics(metrics));
  const sample = async (name: string) => (await metrics.registry.getSingleMetric(name)!.get()).values;
  return { sut, sample };
}

describe('ResponseCache', () => {
  it('under the ceiling, an instance evicts its own answers, never another instance', async () => {
    const { sut, sample } = setup(1000);
    const a = sut.storeOf(caching(1))!;
    const b = sut.storeOf(caching(2))!;
    sut.put(a, 0, 'a1', answer(400));
    sut.put(b, 0, 'b1', answer(400));
    sut.put(b, 0, 'b2', answer(400));
    expect([a.answers.has('a1'), b.answers.has('b1'), b.answers.has('b2')]).toEqual([true, false, true]);
    // B has nothing of its own left to give for a larger answer: it is not cached, A keeps its own.
    sut.put(b, 0, 'b3', answer(700));
    expect([a.answers.has('a1'), b.answers.has('b3')]).toEqual([true, false]);
    expect((await sample('hub_cache_bytes'))[0].value).toBeLessThanOrEqual(1000);
    expect((await sample('hub_cache_evictions_total')).find((v) => v.labels.reason === 'ceiling')?.value).toBe(2);
    sut.onModuleDestroy();
  });

  it('does not store what a read got when an invalidation came while it was reading', () => {
    const { sut } = setup(1000);
    const store = sut.storeOf(caching(1))!;
    const generation = store.generation;
    sut.invalidate(1, ['messages']);
    sut.put(store, generation, 'late', answer(10));
    sut.put(store, store.generation, 'fresh', answer(10));
    expect([store.answers.has('late'), store.answers.has('fresh')]).toEqual([false, true]);
    sut.onModuleDestroy();
  });

  it('drops only the named collections, and the whole store when the settings change', () => {
    const { sut } = setup(1000);
    const store = sut.storeOf(caching(1))!;
    sut.put(store, 0, 'room', answer(10, 'rooms'));
    sut.put(store, 0, 'team', answer(10, 'teams'));
    sut.invalidate(1, ['rooms', 'messages']);
    expect([store.answers.has('room'), store.answers.has('team')]).toEqual([false, true]);
    const resized = sut.storeOf(caching(1, 20))!;
    expect(resized).not.toBe(store);
    expect([store.answers.size, resized.answers.size]).toEqual([0, 0]);
    expect(sut.storeOf({ ...caching(1, 20), cachingEnabled: false })).toBeUndefined();
    sut.onModuleDestroy();
  });
});
