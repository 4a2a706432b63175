import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, Repository } from 'typeorm';
import { errorLogFields } from '../common/logger';
import { SecretBox } from '../common/secret-box';
import { HubConfig } from '../config/hub-config';
import { CallbackClient, DeliveryOutcome } from '../events/callback-client';
import { cloudElementsMessage } from '../events/cloud-elements-message';
import { signatureHeaders } from '../events/event-signatures';
import type { OutboxEvent } from '../events/outbox-event.entity';
import { PeriodicTask, PURGE_SCHEDULE } from '../lifecycle/periodic-task';
import { nextDelay, parseDuration, parseSchedule } from '../events/retry-schedule';
import { deleteInBatches } from '../common/batched-delete';
import { HubShutdown } from '../lifecycle/hub-shutdown';
import { ConnectOutcomes, outcomeRaw, requestedEvents } from './connect-outcomes';
import { ConnectSession } from './connect-session.entity';

/** Sessions looked at per run, for each of the two jobs. */
const BATCH = 20;

/**
 * The outcome events of sessions that ended with no instance (declined, expired or failed before
 * the instance was created): the outbox delivers per instance, so each such session keeps its one
 * event on its row. Every HUB_EVENT_POLL_MS, in processes with workers, it ends the links that ran
 * out unopened or unfinished (so their expiry is announced as well), then posts the due events in
 * the outbox's message shape, signed with the configuration's key, retried on
 * HUB_EVENT_RETRY_SCHEDULE; a claim holds a session for a delivery's timeout, so replicas split them.
 * On PURGE_SCHEDULE, as delivered events are, it deletes the ended sessions past HUB_CONNECT_SESSION_RETENTION.
 */
@Injectable()
export class ConnectSessionEvents implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConnectSessionEvents.name);
  private readonly schedule: number[];
  private readonly retentionMs: number;
  private readonly task = new PeriodicTask(
    () => this.tick(),
    (error) => this.logger.warn({ err: errorLogFields(error) }, 'Connect session events failed'),
  );
  private readonly purge = new PeriodicTask(
    () => this.purgeEnded(),
    (error) => this.logger.warn({ err: errorLogFields(error) }, 'Deleting connect sessions past their retention failed'),
  );

  constructor(
    private readonly config: HubConfig,
    @InjectRepository(ConnectSession) private readonly sessions: Repository<ConnectSession>,
    private readonly outcomes: ConnectOutcomes,
    private readonly client: CallbackClient,
    private readonly box: SecretBox,
    private readonly shutdown: HubShutdown,
  ) {
    this.schedule = parseSchedule(config.HUB_EVENT_RETRY_SCHEDULE);
    this.retentionMs = parseDuration(config.HUB_CONNECT_SESSION_RETENTION);
  }

  onApplicationBootstrap(): void {
    if (!this.config.HUB_WORKERS_ENABLED) return;
    this.task.start(this.config.HUB_EVENT_POLL_MS, this.config.HUB_EVENT_POLL_MS);
    this.purge.start(PURGE_SCHEDULE.firstMs, PURGE_SCHEDULE.everyMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.task.stop(this.shutdown), this.purge.stop(this.shutdown)]);
  }

  /** Ends the links past their time, then delivers the due events; returns how many deliveries it attempted. Tests call it directly. */
  async tick(): Promise<number> {
    const overdue = await this.sessions.find({ where: { status: 'PENDING', expiresAt: LessThanOrEqual(new Date()) }, order: { expiresAt: 'ASC' }, take: BATCH });
    for (const session of overdue) await this.outcomes.expire(session);
    const due = await this.claimDue();
    for (const session of due) await this.deliver(session);
    return due.length;
  }

  /**
   * Deletes the sessions whose link expired more than HUB_CONNECT_SESSION_RETENTION ago and that
   * have ended, their outcome event (if any) no longer pending; returns how many. Batches taken
   * with SKIP LOCKED, so replicas share them and none holds a session a delivery has claimed.
   */
  async purgeEnded(): Promise<number> {
    const purged = await deleteInBatches(
      this.sessions,
      'connect_sessions',
      `SELECT id FROM connect_sessions WHERE expires_at < now() - $1 * interval '1 millisecond' AND status <> 'PENDING' AND (event_status IS NULL OR event_status <> 'PENDING') ORDER BY expires_at`,
      [this.retentionMs],
      { keepGoing: () => !this.purge.stopped },
    );
    if (purged > 0) this.logger.log({ purged, retention: this.config.HUB_CONNECT_SESSION_RETENTION }, 'Deleted connect sessions past their retention');
    return purged;
  }

  private async claimDue(): Promise<ConnectSession[]> {
    const claimed = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ eventDueAt: () => `now() + ${Math.ceil(this.config.HUB_EVENT_TIMEOUT_MS * 2)} * interval '1 millisecond'` })
      .where(`id IN (SELECT id FROM connect_sessions WHERE event_status = 'PENDING' AND event_due_at <= now() ORDER BY event_due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)`)
      .returning('id')
      .execute();
    const ids = (claimed.raw as Array<{ id: string }>).map((row) => row.id);
    return ids.length ? this.sessions.findBy({ id: In(ids) }) : [];
  }

  private async deliver(session: ConnectSession): Promise<void> {
    const attempts = session.eventAttempts + 1;
    try {
      const outcome = await this.attempt(session);
      if (outcome.ok) {
        await this.sessions.update({ id: session.id }, { eventStatus: 'NOTIFIED', eventDueAt: null, eventAttempts: attempts, eventError: null });
        return;
      }
      const delay = outcome.final ? undefined : nextDelay(this.schedule, attempts, outcome.retryAfterMs);
      if (delay === undefined) this.logger.warn({ connectSessionId: session.id, attempts, error: outcome.error }, 'Connect session event given up');
      await this.sessions.update(
        { id: session.id },
        delay === undefined
          ? { eventStatus: 'FAILED', eventDueAt: null, eventAttempts: attempts, eventError: outcome.error }
          : { eventDueAt: new Date(Date.now() + delay), eventAttempts: attempts, eventError: outcome.error },
      );
    } catch (error) {
      // The claim runs out and the next run tries again.
      this.logger.warn({ connectSessionId: session.id, err: errorLogFields(error) }, 'Connect session event delivery failed unexpectedly');
    }
  }

  private attempt(session: ConnectSession): Promise<DeliveryOutcome> {
    const destination = requestedEvents(session, this.box);
    if (!destination) return Promise.resolve({ ok: false, final: true, error: 'The session has no callback URL and signature key' });
    const body = sessionMessage(session);
    return this.client.post(destination.url, body, signatureHeaders(destination.key, session.id, Math.floor(Date.now() / 1000), body));
  }
}

/**
 * The outbox's message for the session's outcome, with no instance (`instanceId` null): its event
 * id is the session's, and its date when the session ended, so every attempt sends the same bytes.
 */
export function sessionMessage(session: ConnectSession): string {
  const event = {
    id: session.id,
    instanceId: null,
    objectType: 'connectSession',
    objectId: session.id,
    eventType: 'CREATED',
    raw: JSON.stringify(outcomeRaw(session)),
    receivedAt: session.callbackAt ?? session.expiresAt,
  };
  // The outbox's row type has an instance; the message reads only these fields.
  return cloudElementsMessage(event as unknown as OutboxEvent, session.elementKey);
}
