import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { KeyedHistogram } from './keyed-histogram';

/** How a token refresh ended: new tokens, a failure worth retrying, or a grant Webex refuses for good. */
export type RefreshOutcome = 'refreshed' | 'failed' | 'invalidated';

/** The `outcome` label of an event delivery attempt (the attempt itself is events/callback-client's DeliveryOutcome). */
export type DeliveryLabel = 'delivered' | 'retry' | 'failed';

/** A Webex answer's status, or how the call failed without one. */
export type UpstreamStatus = number | 'timeout' | 'unreachable';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Every Prometheus metric of one hub process, typed, for features to inject and move. One
 * registry per hub (not prom-client's global one) so several hubs can live in one test process.
 * Histograms stand for their counters too: `<name>_count` is the number of observations.
 */
@Injectable()
export class HubMetrics {
  readonly registry = new Registry();

  /** HTTP requests by route template (never the raw URL: ids would explode the series) and status. */
  readonly httpRequests = new KeyedHistogram<'method' | 'route' | 'status'>(
    'hub_http_request_duration_seconds',
    'HTTP requests served, by method, route template and status, with their latency',
    SECONDS,
    this.registry,
  );

  /** Calls to Webex (API and token endpoint) by method and status; retries count once each. */
  readonly webexCalls = new KeyedHistogram<'method' | 'status'>(
    'hub_webex_request_duration_seconds',
    'Calls to Webex by method and status (a number, timeout or unreachable), with their latency',
    SECONDS,
    this.registry,
  );

  readonly tokenRefreshes = new Counter({
    name: 'hub_token_refreshes_total',
    help: 'Token refreshes by outcome (refreshed, failed and to be retried, invalidated for good)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** How late the scheduler picked up each due refresh (claim time minus due time). */
  readonly refreshLag = new Histogram({
    name: 'hub_refresh_scheduler_lag_seconds',
    help: 'Delay between an instance refresh falling due and the scheduler claiming it',
    buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 900, 3600],
    registers: [this.registry],
  });

  readonly eventDeliveries = new Counter({
    name: 'hub_event_deliveries_total',
    help: 'Event delivery attempts to callbacks by outcome (delivered, retry scheduled, failed for good)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** Gauges read from the database on each scrape (see DatabaseGauges), the same on every replica. */
  readonly instances = new Gauge({
    name: 'hub_instances',
    help: 'Instances by state (active, disabled, invalid)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  readonly outboxDepth = new Gauge({
    name: 'hub_outbox_events',
    help: 'Events waiting in the outbox by status (RECEIVED: due or waiting to retry, DISPATCHED: being delivered)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly refreshOverdue = new Gauge({
    name: 'hub_refresh_overdue_seconds',
    help: 'Age of the oldest refresh past its due time (0 when none is late): the scheduler backlog',
    registers: [this.registry],
  });

  readonly outboxOverdue = new Gauge({
    name: 'hub_outbox_overdue_seconds',
    help: 'Age of the oldest event past its due time (0 when none is late): the delivery backlog',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.observe(`${method} ${status} ${route}`, () => ({ method, route, status: String(status) }), seconds);
  }

  observeWebex(method: string, status: UpstreamStatus, seconds: number): void {
    this.webexCalls.observe(`${method} ${status}`, () => ({ method, status: String(status) }), seconds);
  }

  refreshed(outcome: RefreshOutcome): void {
    this.tokenRefreshes.inc({ outcome });
  }

  delivered(outcome: DeliveryLabel): void {
    this.eventDeliveries.inc({ outcome });
  }
}
