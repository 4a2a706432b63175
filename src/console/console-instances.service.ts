import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Credentials } from '../auth/auth.guard';
import { User } from '../auth/user.entity';
import { ForbiddenException } from '../common/hub.exception';
import { InstanceView } from '../instances/instances.dto';
import { InstancesService } from '../instances/instances.service';
import { AccessTokens } from '../tokens/access-tokens';
import { CONSOLE_EVENTS, ConsoleEvent, ConsoleEventSource } from './console-events';
import { ConsoleAdmin } from './console-admin.entity';

export interface ConsoleInstance {
  instance: InstanceView;
  events: ConsoleEvent[];
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
    @Optional() @Inject(CONSOLE_EVENTS) private readonly events?: ConsoleEventSource,
  ) {}

  get eventsAvailable(): boolean {
    return this.events !== undefined;
  }

  async list(admin: ConsoleAdmin): Promise<ConsoleInstance[]> {
    const views = await this.instances.list(await this.callerFor(admin), []);
    const events = this.events && views.length ? await this.events.recent(admin.organizationId, views.map((v) => v.id), EVENTS_PER_INSTANCE) : [];
    return views.map((instance) => ({ instance, events: events.filter((e) => e.instanceId === instance.id) }));
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

  async redeliver(admin: ConsoleAdmin, eventId: string): Promise<void> {
    if (!this.events) throw new ForbiddenException('Events are not available in this hub');
    await this.events.redeliver(admin.organizationId, eventId);
  }

  /** The organization's first admin user: instances the console creates belong to that user. */
  async callerFor(admin: ConsoleAdmin): Promise<Credentials> {
    const user = await this.users.findOne({ where: { organizationId: admin.organizationId, role: 'admin' }, relations: { organization: true }, order: { id: 'ASC' } });
    if (!user?.organization) throw new ForbiddenException('Your organization has no admin user for the console to act as');
    return { organization: user.organization, user };
  }
}
