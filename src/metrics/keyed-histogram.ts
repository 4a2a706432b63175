import type { Registry } from 'prom-client';

interface Series<L extends string> {
  labels: Record<L, string>;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram for the hot path, found by a key the caller builds (`GET 200 /route`).
 * prom-client's `labels(...).observe()` still validates and hashes the label object on every
 * observation; here an observation is one map lookup and a bucket search. Exposed through the
 * same registry, in the same text format as prom-client's Histogram.
 */
export class KeyedHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private series = new Map<string, Series<L>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  /** Adds `value` to the series `key`; `labels` is called only the first time the key is seen. */
  observe(key: string, labels: () => Record<L, string>, value: number): void {
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = { labels: labels(), counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 }));
    let bucket = 0;
    while (bucket < this.buckets.length && value > this.buckets[bucket]) bucket++;
    series.counts[bucket]++;
    series.sum += value;
    series.count++;
  }

  /** What prom-client's registry reads on a scrape: cumulative buckets, then `_sum` and `_count` per series. */
  get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      counts.forEach((n, i) => {
        cumulative += n;
        values.push({ labels: { le: i < this.buckets.length ? this.buckets[i] : '+Inf', ...labels }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels, value: sum, metricName: `${this.name}_sum` }, { labels, value: count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  reset(): void {
    this.series = new Map();
  }
}
