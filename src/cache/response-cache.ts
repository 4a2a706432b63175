import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { HubConfig } from '../config/hub-config';
import type { Instance } from '../instances/instance.entity';
import { CacheMetrics } from './cache-metrics';
import type { WebexType } from './cache-scope';

/** When an instance turns caching on and leaves cacheTimeToLive at 0 (CE's default). */
export const DEFAULT_TTL_SECONDS = 60;
/** When an instance turns caching on and leaves maxCacheSize at 0 (CE's default). */
export const DEFAULT_MAX_ENTRIES = 1000;
/** A larger answer is not cached: one instance's share is at most maxCacheSize × this. */
export const MAX_ENTRY_BYTES = 1_048_576;
/** Expired answers are let go this often, for the memory they hold (a read drops one on sight too). */
const SWEEP_MS = 30_000;

/** One cached answer: the JSON text, the headers it went out with, and what it is about. */
export interface CachedAnswer {
  /** The body as sent, encoded once when stored rather than on every hit. */
  body: Buffer;
  /** Ready to send: the answer's own headers, content type and `elements-cache: hit`. */
  headers: Readonly<Record<string, string>>;
  /** The same headers as name, value, name, value, ...: what an early answer sends (http/early-answers.ts). */
  headerList: readonly string[];
  type: WebexType;
  bytes: number;
}

/** One instance's cache, as its settings were when it was made. */
export interface InstanceStore {
  readonly instanceId: number;
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly answers: LRUCache<string, CachedAnswer>;
  /** Bumped by every invalidation: a read that began before one does not store what it got. */
  generation: number;
}

/**
 * Hub answers held per instance, each instance bounded by its own maxCacheSize (entries, LRU)
 * and all together by HUB_CACHE_MAX_BYTES. An instance short of room under the ceiling evicts its
 * own least recently used answers, never another instance's: past that it stores nothing more.
 */
@Injectable()
export class ResponseCache implements OnModuleDestroy {
  private readonly stores = new Map<number, InstanceStore>();
  private readonly ceiling: number;
  private held = 0;
  private entries = 0;
  /** Why the answers being evicted now go: their instance's bound, unless the ceiling is making room. */
  private evicting: 'size' | 'ceiling' = 'size';
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    config: HubConfig,
    private readonly metrics: CacheMetrics,
  ) {
    this.ceiling = config.HUB_CACHE_MAX_BYTES;
    metrics.observe(() => ({ bytes: this.held, entries: this.entries }));
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** The instance's store as it is configured now (made anew when its settings changed), or undefined when caching is off. */
  storeOf(instance: Pick<Instance, 'id' | 'cachingEnabled' | 'cacheTimeToLive' | 'maxCacheSize'>): InstanceStore | undefined {
    const store = this.stores.get(instance.id);
    if (!instance.cachingEnabled) {
      if (store) this.drop(instance.id);
      return undefined;
    }
    const ttlMs = (instance.cacheTimeToLive || DEFAULT_TTL_SECONDS) * 1000;
    const maxEntries = instance.maxCacheSize || DEFAULT_MAX_ENTRIES;
    if (store && store.ttlMs === ttlMs && store.maxEntries === maxEntries) return store;
    if (store) this.drop(instance.id);
    const made: InstanceStore = { instanceId: instance.id, ttlMs, maxEntries, answers: this.answersFor(ttlMs, maxEntries), generation: 0 };
    this.stores.set(instance.id, made);
    return made;
  }

  get(store: InstanceStore, key: string): CachedAnswer | undefined {
    const answer = this.peek(store, key);
    if (answer) this.countHit();
    else this.metrics.misses.inc();
    return answer;
  }

  /** The answer if it is held, counted neither way: whoever answers with it counts the hit (`countHit`). */
  peek(store: InstanceStore, key: string): CachedAnswer | undefined {
    return store.answers.get(key);
  }

  countHit(): void {
    this.metrics.hits.inc();
  }

  /** Stores an answer read since `generation`, unless the store was invalidated or dropped meanwhile. */
  put(store: InstanceStore, generation: number, key: string, answer: CachedAnswer, ttlMs = store.ttlMs): void {
    if (this.stores.get(store.instanceId) !== store || store.generation !== generation || answer.bytes > MAX_ENTRY_BYTES) return;
    if (this.held + answer.bytes > this.ceiling) {
      store.answers.purgeStale();
      this.evicting = 'ceiling';
      while (this.held + answer.bytes > this.ceiling && store.answers.size > 0) store.answers.pop();
      this.evicting = 'size';
      if (this.held + answer.bytes > this.ceiling) return;
    }
    store.answers.set(key, answer, { ttl: Math.min(ttlMs, store.ttlMs) });
    this.held += answer.bytes;
    this.entries++;
  }

  /** Drops the instance's answers about these collections (all of them when `types` is undefined). */
  invalidate(instanceId: number, types?: readonly WebexType[]): void {
    const store = this.stores.get(instanceId);
    if (!store) return;
    store.generation++;
    if (!types) return store.answers.clear();
    for (const [key, answer] of store.answers.entries()) if (types.includes(answer.type)) store.answers.delete(key);
  }

  /** The instance's cache, gone (deleted, caching turned off, settings changed). */
  drop(instanceId: number): void {
    const store = this.stores.get(instanceId);
    if (!store) return;
    this.stores.delete(instanceId);
    store.generation++;
    store.answers.clear();
  }

  dropAll(): void {
    for (const id of [...this.stores.keys()]) this.drop(id);
  }

  private answersFor(ttlMs: number, max: number): LRUCache<string, CachedAnswer> {
    return new LRUCache<string, CachedAnswer>({
      max,
      ttl: ttlMs,
      maxEntrySize: MAX_ENTRY_BYTES,
      sizeCalculation: (answer) => answer.bytes,
      dispose: (answer, _key, reason) => {
        this.held -= answer.bytes;
        this.entries--;
        if (reason === 'evict') this.metrics.evictions.inc({ reason: this.evicting });
      },
    });
  }

  private sweep(): void {
    for (const store of this.stores.values()) store.answers.purgeStale();
  }
}
