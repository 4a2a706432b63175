/** Entries a TtlCache holds at most: past it, it starts again empty (cheaper than evicting one by one). */
export const TTL_CACHE_MAX_ENTRIES = 10_000;

/**
 * An in-memory cache whose entries last `ttlMs` (Infinity: until cleared), bounded by emptying it
 * when full. What the hub caches this way (credentials, instances by token, opened tokens) is cheap
 * to look up again, so a flood of distinct keys costs a few misses, never unbounded memory.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = TTL_CACHE_MAX_ENTRIES,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value, unless absent or expired (`now` in ms). */
  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expires > now ? entry.value : undefined;
  }

  /** Stores the value; a cache with no lifetime (ttlMs 0) stores nothing. */
  set(key: K, value: V, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expires: now + this.ttlMs });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose value matches (an instance revoked under whatever token it was cached). */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  /** Every value held, expired or not (to update in place what the values point to). */
  values(): IterableIterator<V> {
    return [...this.entries.values()].map((entry) => entry.value).values();
  }

  clear(): void {
    this.entries.clear();
  }
}
