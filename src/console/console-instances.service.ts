import { Injectable } from '@nestjs/common';
import { ConsoleErrorCode, ConsoleException } from './console.exception';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Credentials } from '../auth/auth.guard';
import { User } from '../auth/user.entity';
import { EventOutbox } from '../events/event-outbox';
import { OutboxEvent } from '../events/outbox-event.entity';
import { EventWebhooksView } from '../events/events.dto';
import { WebhookHealth } from '../events/webhook-health';
import { InstanceView } from '../instances/instances.dto';
import { InstancesService } from '../instances/instances.service';
import { AccessTokens } from '../tokens/access-tokens';
import { ConsoleAdmin } from './console-admin.entity';

export interface ConsoleInstance {
  instance: InstanceView;
  events: OutboxEvent[];
  /** How its Webex webhooks stand, while its events are on. */
  webhooks?: EventWebhooksView;
}

const EVENTS_PER_INSTANCE = 5;

/**
 * The instances of a console admin's organization, acted on through InstancesService as the
 * organization's admin user would: the console adds no second set of rules.
 */
@Injectable()
export class ConsoleInstances {
  constructor(
    private readonly instances: InstancesService,
    private readonly tokens: AccessTokens,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly outbox: EventOutbox,
    private readonly webhookHealth: WebhookHealth,
  ) {}

  async list(admin: ConsoleAdmin): Promise<ConsoleInstance[]> {
    const views = await this.instances.list(await this.callerFor(admin), []);
    // One query per instance, one at a time: PGlite serves a single session anyway.
    const rows: ConsoleInstance[] = [];
    for (const instance of views) {
      const webhooks = instance.eventsEnabled ? await this.webhookHealth.of(instance.id) : undefined;
      rows.push({ instance, events: await this.outbox.list(instance.id, EVENTS_PER_INSTANCE), webhooks });
    }
    return rows;
  }

  async get(admin: ConsoleAdmin, id: number): Promise<InstanceView> {
    return this.instances.get(await this.callerFor(admin), id);
  }

  async refresh(admin: ConsoleAdmin, id: number): Promise<void> {
    await this.tokens.refresh(await this.instances.find(await this.callerFor(admin), id));
  }

  async setEnabled(admin: ConsoleAdmin, id: number, enabled: boolean): Promise<InstanceView> {
    return this.instances.setEnabled(await this.callerFor(admin), id, enabled);
  }

  async remove(admin: ConsoleAdmin, id: number): Promise<void> {
    await this.instances.remove(await this.callerFor(admin), id);
  }

  /** A FAILED event of one of the organization's instances back in the queue, with a fresh retry schedule. */
  async redeliver(admin: ConsoleAdmin, instanceId: number, eventId: string): Promise<void> {
    const instance = await this.instances.find(await this.callerFor(admin), instanceId);
    if (!(await this.outbox.requeue(instance.id, eventId))) throw new ConsoleException(ConsoleErrorCode.EVENT_NOT_REDELIVERABLE, 'Only a failed event of this instance can be redelivered; nothing was changed.');
  }

  /** The organization's first admin user: instances the console creates belong to that user. */
  async callerFor(admin: ConsoleAdmin): Promise<Credentials> {
    const user = await this.users.findOne({ where: { organizationId: admin.organizationId, role: 'admin' }, relations: { organization: true }, order: { id: 'ASC' } });
    if (!user?.organization) throw new ConsoleException(ConsoleErrorCode.NO_ORGANIZATION_ADMIN, 'Your organization has no admin user for the console to act as');
    return { organization: user.organization, user };
  }
}
