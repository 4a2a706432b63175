import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { HubMetrics } from '../metrics/hub-metrics';

/** What the cache holds, read when /metrics is scraped. */
export interface CacheHoldings {
  bytes: number;
  entries: number;
}

/** The response cache's Prometheus metrics, in the hub's registry (src/metrics). */
@Injectable()
export class CacheMetrics {
  readonly hits: Counter;
  readonly misses: Counter;
  readonly evictions: Counter<'reason'>;
  private holdings: () => CacheHoldings = () => ({ bytes: 0, entries: 0 });

  constructor(metrics: HubMetrics) {
    const registers = [metrics.registry];
    this.hits = new Counter({ name: 'hub_cache_hits_total', help: 'Hub reads answered from the response cache', registers });
    this.misses = new Counter({ name: 'hub_cache_misses_total', help: 'Hub reads of instances with caching on that went to Webex (and were cached when they could be)', registers });
    this.evictions = new Counter({
      name: 'hub_cache_evictions_total',
      help: "Cached answers dropped to make room: size (the instance's maxCacheSize) or ceiling (HUB_CACHE_MAX_BYTES); expired and invalidated ones are not counted",
      labelNames: ['reason'] as const,
      registers,
    });
    const read = () => this.holdings();
    new Gauge({ name: 'hub_cache_bytes', help: 'Bytes of answers the response cache holds (all instances; at most HUB_CACHE_MAX_BYTES)', registers, collect() { this.set(read().bytes); } });
    new Gauge({ name: 'hub_cache_entries', help: 'Answers the response cache holds (all instances)', registers, collect() { this.set(read().entries); } });
  }

  /** Where the gauges read from (the cache itself, once it exists). */
  observe(holdings: () => CacheHoldings): void {
    this.holdings = holdings;
  }
}
