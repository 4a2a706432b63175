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
import { InstancePage, InstanceStatus } from '../instances/instance-listing';
import { InstanceView } from '../instances/instances.dto';
import { InstancesService } from '../instances/instances.service';
import { AccessTokens } from '../tokens/access-tokens';
import { RefreshRecord, RefreshTrigger } from '../tokens/token-events';
import { TokenState } from '../tokens/token-grants';
import { ConsoleAdmin } from './console-admin.entity';

/** What the instances page asks for: a search, a status, and the page after the one shown. */
export interface InstanceSearch {
  search?: string;
  status?: InstanceStatus;
  next?: string;
}

/** What an instance's page shows beyond its view: its events, its webhooks, and what tokens/ recorded of its refreshes. */
export interface ConsoleInstance {
  instance: InstanceView;
  events: OutboxEvent[];
  /** How its Webex webhooks stand, while its events are on. */
  webhooks?: EventWebhooksView;
  refreshes: Pick<TokenState, 'refreshFailures' | 'accessTokenExpiresAt' | 'refreshTokenExpiresAt'>;
  /** The last refresh attempts, newest first. */
  history: RefreshRecord[];
}

export const INSTANCES_PER_PAGE = 50;
const RECENT_EVENTS = 10;
const RECENT_REFRESHES = 10;

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

  /** One page of the organization's instances: one query, however many there are. */
  async page(admin: ConsoleAdmin, search: InstanceSearch): Promise<InstancePage> {
    const searchText = search.search?.trim() || undefined;
    return this.instances.page(await this.callerFor(admin), { searchText, searchAccounts: true, status: search.status, pageSize: INSTANCES_PER_PAGE, nextPage: search.next });
  }

  async get(admin: ConsoleAdmin, id: number): Promise<InstanceView> {
    return this.instances.get(await this.callerFor(admin), id);
  }

  async detail(admin: ConsoleAdmin, id: number): Promise<ConsoleInstance> {
    const caller = await this.callerFor(admin);
    const stored = await this.instances.find(caller, id);
    const instance = await this.instances.get(caller, stored.id);
    const webhooks = instance.eventsEnabled ? await this.webhookHealth.of(instance.id) : undefined;
    const { refreshFailures, accessTokenExpiresAt, refreshTokenExpiresAt } = stored;
    const history = await this.tokens.refreshHistory(instance.id, RECENT_REFRESHES);
    return { instance, events: await this.outbox.list(instance.id, RECENT_EVENTS), webhooks, refreshes: { refreshFailures, accessTokenExpiresAt, refreshTokenExpiresAt }, history };
  }

  /** Refreshes the tokens now; false when Webex no longer honours the grant, already or on this very refresh (re-authorize instead). */
  async refresh(admin: ConsoleAdmin, id: number): Promise<boolean> {
    const caller = await this.callerFor(admin);
    const instance = await this.instances.find(caller, id);
    if (!instance.valid) return false;
    try {
      await this.tokens.refresh(instance, RefreshTrigger.CONSOLE);
      return true;
    } catch (error) {
      if (!(await this.instances.find(caller, id)).valid) return false;
      throw error;
    }
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
