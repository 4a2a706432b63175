import { Injectable, Logger } from '@nestjs/common';
import { errorLogFields } from '../common/logger';
import { Instance } from './instance.entity';

/** `invalidated`: Webex refused the instance's grant for good (say, `invalid_grant` on refresh). */
export type InstanceChange = 'created' | 'configured' | 'enabled' | 'disabled' | 'reauthorized' | 'invalidated' | 'deleting';

export type InstanceListener = (change: InstanceChange, instance: Instance) => Promise<void>;

/** Runs before an instance is created or changed; what it throws (a 400, say) refuses the change. */
export type InstanceCheck = (instance: Pick<Instance, 'elementKey' | 'configuration' | 'eventsEnabled'>) => Promise<void>;

/**
 * Lets other features (events: Webex webhook registration) act on instance changes without the
 * instances feature knowing them. Listeners run in order and are awaited; `deleting` runs while
 * the instance's tokens still exist. A failing listener is logged and does not undo the change.
 */
@Injectable()
export class InstanceHooks {
  private readonly logger = new Logger(InstanceHooks.name);
  private readonly listeners: InstanceListener[] = [];
  private readonly checks: InstanceCheck[] = [];

  check(check: InstanceCheck): void {
    this.checks.push(check);
  }

  /** Runs every check; the first refusal propagates to the caller. */
  async verify(instance: Parameters<InstanceCheck>[0]): Promise<void> {
    for (const check of this.checks) await check(instance);
  }

  listen(listener: InstanceListener): void {
    this.listeners.push(listener);
  }

  async emit(change: InstanceChange, instance: Instance): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change, instance);
      } catch (error) {
        this.logger.warn({ instanceId: instance.id, change, err: errorLogFields(error) }, 'Instance listener failed');
      }
    }
  }
}
