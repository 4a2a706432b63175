import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { errorLogFields } from '../common/logger';
import { HubConfig } from '../config/hub-config';
import { HubShutdown } from '../lifecycle/hub-shutdown';
import { PeriodicTask } from '../lifecycle/periodic-task';
import { HubMetrics } from '../metrics/hub-metrics';
import { TokenHolder } from './token-grants';
import { TokenRefresher } from './token-refresher';
import { TokenStore } from './token-store';

/**
 * Runs in every hub process (when HUB_WORKERS_ENABLED): every HUB_REFRESH_POLL_MS it claims due
 * instances in batches (SKIP LOCKED plus a lease, so replicas split the work and each instance is
 * refreshed once) and refreshes them HUB_REFRESH_CONCURRENCY at a time.
 */
@Injectable()
export class RefreshScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RefreshScheduler.name);
  private readonly task = new PeriodicTask(
    () => this.tick(),
    (error) => this.logger.error({ err: errorLogFields(error) }, 'Refresh scheduler tick failed'),
  );
  private running?: Promise<number>;

  constructor(
    private readonly config: HubConfig,
    private readonly store: TokenStore,
    private readonly refresher: TokenRefresher,
    private readonly metrics: HubMetrics,
    private readonly shutdown: HubShutdown,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.HUB_WORKERS_ENABLED) this.task.start(0, this.config.HUB_REFRESH_POLL_MS);
  }

  /** The shutdown contract (docs/deploy.md): claim nothing new, release what has not started, await the rest until the deadline. */
  async beforeApplicationShutdown(): Promise<void> {
    // Let refreshes in flight store their tokens: a grant answered but not stored would be lost.
    // One still running at the deadline keeps its lease, which expires (HUB_REFRESH_LEASE_MS).
    // The task's run and a tick a test started are the same promise when they overlap.
    await Promise.all([this.task.stop(this.shutdown), this.shutdown.within(this.running)]);
  }

  /**
   * Refreshes every instance due now that no other replica has claimed; returns how many it
   * attempted. Tests call it directly instead of waiting for the timer.
   */
  async tick(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(): Promise<number> {
    let attempted = 0;
    while (!this.task.stopped) {
      const { claim, instances } = await this.store.claimDue(this.config.HUB_REFRESH_BATCH_SIZE, this.config.HUB_REFRESH_LEASE_MS);
      const now = Date.now();
      for (const instance of instances) if (instance.nextRefreshAt) this.metrics.refreshLag.observe(Math.max(0, now - new Date(instance.nextRefreshAt).getTime()) / 1000);
      await eachLimited(instances, this.config.HUB_REFRESH_CONCURRENCY, (instance) => this.refreshOne(instance, claim));
      attempted += instances.length;
      if (instances.length < this.config.HUB_REFRESH_BATCH_SIZE) break;
    }
    return attempted;
  }

  private async refreshOne(instance: TokenHolder, claim: string): Promise<void> {
    // Stopping: hand the rest of the batch back at once rather than when its lease runs out.
    if (this.task.stopped) return this.store.release(instance.id, claim);
    try {
      await this.refresher.refreshClaimed(instance, claim);
    } catch {
      // Recorded on the instance (lastRefreshError, next attempt) and logged by the refresher.
    }
  }
}

/** Runs `work` over `items` with at most `limit` at once. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
