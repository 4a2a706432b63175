import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SecretBox } from '../common/secret-box';
import { EventDispatcher } from '../events/event-dispatcher';
import { EventOutbox } from '../events/event-outbox';
import { eventsRequested } from '../instances/instance-configuration';
import { InstancesService } from '../instances/instances.service';
import { ConnectSession, ConnectStatus } from './connect-session.entity';
import type { ConnectRequest } from './connect-sessions.service';

/** Where the events of the instance a session would have created go: its configuration's callback and signature key, if events are on. */
export function requestedEvents(session: Pick<ConnectSession, 'request'>, box: SecretBox): { url: string; key: string } | undefined {
  if (!session.request) return undefined;
  const { configuration } = JSON.parse(box.open(session.request)) as ConnectRequest;
  const url = configuration['event.notification.callback.url'];
  const key = configuration['event.notification.signature.key'];
  return eventsRequested(configuration) && url && key ? { url, key } : undefined;
}

/** The `raw` of the event `connect.session.<status>`, with the session's instance or none. */
export function outcomeRaw(session: ConnectSession): Record<string, unknown> {
  const type = `connect.session.${session.status.toLowerCase()}`;
  return { type, connectSessionId: session.id, instanceId: session.instanceId, status: session.status, ...(session.reason && { reason: session.reason }), reauthorize: session.reauthorize };
}

/**
 * How a session ends: its status and reason, once (a session already ended stays as it ended),
 * and, when events are on, the outcome as an event to the callback: through the instance's outbox
 * when there is an instance, else (a new instance that was never created) through the session's
 * own delivery (ConnectSessionEvents) to the callback of the configuration it was given.
 */
@Injectable()
export class ConnectOutcomes {
  constructor(
    @InjectRepository(ConnectSession) private readonly sessions: Repository<ConnectSession>,
    private readonly instances: InstancesService,
    private readonly outbox: EventOutbox,
    private readonly dispatcher: EventDispatcher,
    private readonly box: SecretBox,
  ) {}

  /** Ends a pending session; false when it had ended already. */
  async end(session: ConnectSession, status: Exclude<ConnectStatus, 'PENDING'>, reason: string | null, changes: Partial<ConnectSession> = {}): Promise<boolean> {
    const result = await this.sessions.update({ id: session.id, status: 'PENDING' }, { ...changes, status, reason, codeVerifier: null });
    if (result.affected !== 1) return false;
    Object.assign(session, changes, { status, reason });
    await this.announce(session);
    return true;
  }

  /** Ends a session whose link ran out before the account was connected. */
  expire(session: ConnectSession): Promise<boolean> {
    return this.end(session, 'EXPIRED', 'The link expired before the Webex account was connected', { callbackAt: session.callbackAt ?? new Date() });
  }

  private async announce(session: ConnectSession): Promise<void> {
    if (session.instanceId === null) return this.queueWithoutInstance(session);
    const instance = await this.instances.stored(session.instanceId);
    if (!instance?.eventsEnabled) return;
    const raw = outcomeRaw(session);
    await this.outbox.store({
      instanceId: instance.id,
      dedupKey: `connect-session:${session.id}`,
      objectType: 'connectSession',
      objectId: session.id,
      eventType: session.reauthorize ? 'UPDATED' : 'CREATED',
      vendorEvent: String(raw.type),
      raw: JSON.stringify(raw),
    });
    this.dispatcher.nudge();
  }

  /** A new instance's session that ended without one: its event waits on the session row (a re-authorized instance deleted meanwhile has no callback left). */
  private async queueWithoutInstance(session: ConnectSession): Promise<void> {
    if (session.reauthorize || !requestedEvents(session, this.box)) return;
    await this.sessions.update({ id: session.id }, { eventStatus: 'PENDING', eventDueAt: new Date() });
  }
}
