import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EventDispatcher } from '../events/event-dispatcher';
import { EventOutbox } from '../events/event-outbox';
import { InstancesService } from '../instances/instances.service';
import { ConnectSession, ConnectStatus } from './connect-session.entity';

/**
 * How a session ends: its status and reason, once (a session already ended stays as it ended),
 * and, when the session's instance has events on, the outcome as an event to its callback.
 */
@Injectable()
export class ConnectOutcomes {
  constructor(
    @InjectRepository(ConnectSession) private readonly sessions: Repository<ConnectSession>,
    private readonly instances: InstancesService,
    private readonly outbox: EventOutbox,
    private readonly dispatcher: EventDispatcher,
  ) {}

  /** Ends a pending session; false when it had ended already. */
  async end(session: ConnectSession, status: Exclude<ConnectStatus, 'PENDING'>, reason: string | null, changes: Partial<ConnectSession> = {}): Promise<boolean> {
    const result = await this.sessions.update({ id: session.id, status: 'PENDING' }, { ...changes, status, reason, codeVerifier: null });
    if (result.affected !== 1) return false;
    Object.assign(session, changes, { status, reason });
    await this.announce(session);
    return true;
  }

  /**
   * The event `connect.session.<status>` for the session's instance: a re-authorized one, or the
   * one just created. A new instance that was never created has no callback to hear of it.
   */
  private async announce(session: ConnectSession): Promise<void> {
    if (session.instanceId === null) return;
    const instance = await this.instances.stored(session.instanceId);
    if (!instance?.eventsEnabled) return;
    const type = `connect.session.${session.status.toLowerCase()}`;
    const raw = { type, connectSessionId: session.id, instanceId: instance.id, status: session.status, ...(session.reason && { reason: session.reason }), reauthorize: session.reauthorize };
    await this.outbox.store({
      instanceId: instance.id,
      dedupKey: `connect-session:${session.id}`,
      objectType: 'connectSession',
      objectId: session.id,
      eventType: session.reauthorize ? 'UPDATED' : 'CREATED',
      vendorEvent: type,
      raw: JSON.stringify(raw),
    });
    this.dispatcher.nudge();
  }
}
