import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { errorLogFields } from '../common/logger';
import { HubConfig } from '../config/hub-config';
import { HubShutdown } from '../lifecycle/hub-shutdown';
import { EventOutbox } from './event-outbox';
import { PeriodicTask, PURGE_SCHEDULE } from '../lifecycle/periodic-task';
import { parseDuration } from './retry-schedule';

/**
 * Purges delivered events older than HUB_EVENT_RETENTION, in every hub process with workers on
 * (their SKIP LOCKED batches share the work). FAILED events are left for redelivery or the
 * operator (`npm run hub -- purge-events`).
 */
@Injectable()
export class OutboxRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRetention.name);
  private readonly retentionMs: number;
  private readonly task = new PeriodicTask(
    () => this.purgeDelivered(),
    (error) => this.logger.warn({ err: errorLogFields(error) }, 'Purging delivered events failed'),
  );

  constructor(
    private readonly config: HubConfig,
    private readonly outbox: EventOutbox,
    private readonly shutdown: HubShutdown,
  ) {
    this.retentionMs = parseDuration(config.HUB_EVENT_RETENTION);
  }

  onApplicationBootstrap(): void {
    if (this.config.HUB_WORKERS_ENABLED) this.task.start(PURGE_SCHEDULE.firstMs, PURGE_SCHEDULE.everyMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop(this.shutdown);
  }

  /** Deletes the delivered events past retention, batch by batch; returns how many. */
  async purgeDelivered(): Promise<number> {
    const purged = await this.outbox.purge('NOTIFIED', this.retentionMs, { keepGoing: () => !this.task.stopped });
    if (purged > 0) this.logger.log({ purged, retention: this.config.HUB_EVENT_RETENTION }, 'Purged delivered events past their retention');
    return purged;
  }
}
