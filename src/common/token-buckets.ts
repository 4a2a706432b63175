interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key, `perMinute` tokens deep and refilled continuously (bursts up to a
 * minute's worth), in this process's memory. Past `maxKeys` the keys whose bucket is full again go
 * first, then the oldest, so a flood of new keys cannot grow the map without bound.
 */
export class TokenBuckets<K> {
  private readonly buckets = new Map<K, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly maxKeys = Infinity,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token from the key's bucket: undefined when taken, else the whole seconds until one is back (`now` in ms). */
  take(key: K, now = performance.now()): number | undefined {
    if (this.perMinute === 0) return undefined;
    const bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.prune(now);
      this.buckets.set(key, { tokens: this.perMinute - 1, at: now });
      return undefined;
    }
    // A monotonic clock by default; a clock that steps back all the same refills nothing rather than drains.
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  /** Frees a tenth of the map at least, so that a flood of new keys scans it once per thousand of them, not once each. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys * 0.9) break;
      this.buckets.delete(key);
    }
  }
}
