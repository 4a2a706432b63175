import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { HubMetrics } from './hub-metrics';

const INSTANCE_STATES = ['active', 'disabled', 'invalid'] as const;
const PENDING_STATUSES = ['RECEIVED', 'DISPATCHED'] as const;

/**
 * Sets the gauges that describe shared state (instances, outbox, refresh backlog) from the
 * database when Prometheus scrapes: two aggregate queries, the outbox and backlog ones on the
 * partial indexes of due rows, instead of bookkeeping on every write. They are read at most once
 * per HUB_METRICS_GAUGE_INTERVAL_MS, and scrapes that arrive during a read share it, so the
 * scrape rate never becomes database load.
 */
@Injectable()
export class DatabaseGauges {
  private readonly intervalMs: number;
  private inFlight?: Promise<void>;
  /** When the last successful read started (ms, monotonic); the gauges hold what it saw. */
  private readAt = -Infinity;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: HubMetrics,
    config: HubConfig,
  ) {
    this.intervalMs = config.HUB_METRICS_GAUGE_INTERVAL_MS;
  }

  /** The gauges, read from the database unless a read started within the interval or is running. */
  collect(now = performance.now()): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (now - this.readAt < this.intervalMs) return Promise.resolve();
    this.inFlight = this.read()
      .then(() => void (this.readAt = now))
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async read(): Promise<void> {
    const [instances]: Array<Record<(typeof INSTANCE_STATES)[number] | 'overdue', string | number | null>> = await this.dataSource.query(`
      SELECT count(*) FILTER (WHERE valid AND NOT disabled) AS active,
             count(*) FILTER (WHERE valid AND disabled) AS disabled,
             count(*) FILTER (WHERE NOT valid) AS invalid,
             extract(epoch FROM now() - min(next_refresh_at) FILTER (WHERE valid AND NOT disabled AND next_refresh_at <= now())) AS overdue
      FROM instances JOIN instance_tokens ON instance_id = id`);
    for (const state of INSTANCE_STATES) this.metrics.instances.set({ state }, Number(instances[state]));
    this.metrics.refreshOverdue.set(Number(instances.overdue ?? 0));

    const outbox: Array<{ status: string; depth: string | number; overdue: string | number | null }> = await this.dataSource.query(`
      SELECT status, count(*) AS depth, extract(epoch FROM now() - min(due_at) FILTER (WHERE due_at <= now())) AS overdue
      FROM event_outbox WHERE status IN ('RECEIVED', 'DISPATCHED') GROUP BY status`);
    for (const status of PENDING_STATUSES) this.metrics.outboxDepth.set({ status }, Number(outbox.find((r) => r.status === status)?.depth ?? 0));
    this.metrics.outboxOverdue.set(Math.max(0, ...outbox.map((r) => Number(r.overdue ?? 0))));
  }
}
