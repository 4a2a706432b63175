import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { errorLogFields } from '../common/logger';
import { AdvisoryLock, isSharedDatabase } from '../common/shared-database';
import { HubConfig } from '../config/hub-config';
import { InstancesService } from '../instances/instances.service';
import { HubShutdown } from '../lifecycle/hub-shutdown';
import { EventRegistration } from './event-registration.entity';
import { EventWebhooksView } from './events.dto';
import { PeriodicTask } from '../lifecycle/periodic-task';
import { WebhookRegistrar } from './webhook-registrar';

/** How one pass over the instances went; `skipped` when another process held the turn. */
export interface HealthPass {
  skipped: boolean;
  checked: number;
  repaired: number;
  failed: number;
}

/**
 * Webex disables a webhook whose deliveries keep failing (a hub outage, say) and never turns it
 * back on; a webhook may also be deleted behind the hub's back. So every HUB_WEBHOOK_RECONCILE_MS,
 * and once on start, each instance with events on is reconciled with Webex (WebhookRegistrar),
 * and what failed is kept on its registration for the API and the console. With replicas on
 * PostgreSQL one process takes the pass (a session advisory lock) and the others skip it.
 */
@Injectable()
export class WebhookHealth implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookHealth.name);
  private readonly task = new PeriodicTask(
    async () => {
      const pass = await this.checkAll();
      if (pass.repaired > 0 || pass.failed > 0) this.logger.log(pass, 'Checked the Webex webhooks');
    },
    (error) => this.logger.warn({ err: errorLogFields(error) }, 'Checking the Webex webhooks failed'),
  );

  constructor(
    private readonly config: HubConfig,
    @InjectRepository(EventRegistration) private readonly registrations: Repository<EventRegistration>,
    private readonly registrar: WebhookRegistrar,
    private readonly instances: InstancesService,
    private readonly dataSource: DataSource,
    private readonly shutdown: HubShutdown,
  ) {}

  onApplicationBootstrap(): void {
    // At once, but after the start: a hub that was down may have lost its webhooks meanwhile.
    if (this.config.HUB_WORKERS_ENABLED) this.task.start(0, this.config.HUB_WEBHOOK_RECONCILE_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop(this.shutdown);
  }

  /** How an instance's webhooks stand, as the last reconciliation left them. */
  async of(instanceId: number): Promise<EventWebhooksView> {
    const row = await this.registrations.findOneBy({ instanceId });
    const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);
    return {
      active: row?.active ?? false,
      webhooks: (row?.webhooks ?? []).map(({ id, resource, status }) => ({ id, resource, ...(status && { status }) })),
      lastError: row?.lastError ?? null,
      lastErrorDate: iso(row?.lastErrorAt),
      checkedDate: iso(row?.checkedAt),
    };
  }

  /** Reconciles every instance whose events are registered, one after another; returns how it went. */
  async checkAll(): Promise<HealthPass> {
    const pass = await this.exclusively(async () => {
      const result: HealthPass = { skipped: false, checked: 0, repaired: 0, failed: 0 };
      const rows = await this.registrations.find({ select: { instanceId: true }, where: { active: true }, order: { instanceId: 'ASC' } });
      for (const { instanceId } of rows) {
        if (this.task.stopped) break;
        const instance = await this.instances.stored(instanceId);
        if (!instance) continue;
        result.checked++;
        try {
          const repairs = await this.registrar.reconcile(instance);
          if (repairs.reactivated.length + repairs.created.length + repairs.removed.length > 0) {
            result.repaired++;
            this.logger.log({ instanceId, ...repairs }, 'Repaired the Webex webhooks of an instance');
          }
        } catch (error) {
          // Kept on the registration (lastError) by the registrar; tried again at the next pass.
          result.failed++;
          this.logger.warn({ instanceId, err: errorLogFields(error) }, 'Checking the Webex webhooks of an instance failed');
        }
      }
      return result;
    });
    return pass ?? { skipped: true, checked: 0, repaired: 0, failed: 0 };
  }

  /** Runs `work` unless another process is running it: on PGlite there is only this one. */
  private async exclusively<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (!isSharedDatabase(this.dataSource)) return work();
    // A session lock on a connection of its own: the pass makes Webex calls, which no transaction should wait on.
    const runner = this.dataSource.createQueryRunner();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [AdvisoryLock.WebhookReconcile])) as { locked: boolean }[];
      if (!locked) return undefined;
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.WebhookReconcile]);
      }
    } finally {
      await runner.release();
    }
  }
}
