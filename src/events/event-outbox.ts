import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { Instance } from '../instances/instance.entity';
import { CloudElementsEventType, OutboxEvent } from './outbox-event.entity';

/** A new outbox row's content; the outbox fills in id, status and times. */
export interface NewEvent {
  instanceId: number;
  dedupKey: string;
  objectType: string;
  objectId: string | null;
  eventType: CloudElementsEventType;
  vendorEvent: string | null;
  raw: string;
}

/** How a claimed delivery ended, as the dispatcher tells the outbox. */
export type Completion = { status: 'NOTIFIED'; httpStatus: number } | { status: 'RECEIVED'; delayMs: number; httpStatus?: number; error: string } | { status: 'FAILED'; httpStatus?: number; error: string };

/**
 * The durable outbox. Every write is one statement, so it is atomic without holding a transaction
 * open (which PGlite's single session would not survive) and safe with many hub processes.
 */
@Injectable()
export class EventOutbox {
  constructor(@InjectRepository(OutboxEvent) private readonly events: Repository<OutboxEvent>) {}

  /** Stores an event once: a second copy of the same delivery changes nothing. Returns whether it was new. */
  async store(event: NewEvent): Promise<boolean> {
    const result = await this.events
      .createQueryBuilder()
      .insert()
      .values({ ...event, id: randomUUID(), status: 'RECEIVED', attempts: 0 })
      .orIgnore()
      .returning('id')
      .execute();
    return result.raw.length > 0;
  }

  /** The event the callback hears when Webex refused an instance's grant for good. */
  async storeAuthorizationFailure(instance: Instance): Promise<void> {
    const at = instance.invalidAt ? new Date(instance.invalidAt) : new Date();
    const raw = { type: 'instance.authorization.failed', instanceId: instance.id, reason: instance.invalidReason ?? 'authorization failed', invalidDate: at.toISOString() };
    await this.store({
      instanceId: instance.id,
      dedupKey: `authorization-failed:${at.getTime()}`,
      objectType: 'instance',
      objectId: String(instance.id),
      eventType: 'UPDATED',
      vendorEvent: 'authorization.failed',
      raw: JSON.stringify(raw),
    });
  }

  /**
   * Takes up to `limit` due events for delivery: new ones, retries whose time has come, and
   * claims whose lease ran out (their process died mid-delivery) — hence at least once.
   * SKIP LOCKED lets several processes claim side by side without taking one row twice.
   */
  async claim(limit: number, leaseMs: number): Promise<{ leaseId: string; events: OutboxEvent[] }> {
    const leaseId = randomUUID();
    const result: unknown = await this.events.query(
      `WITH due AS (
         SELECT id FROM event_outbox
         WHERE status IN ('RECEIVED', 'DISPATCHED') AND due_at <= now()
         ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE event_outbox o
       SET status = 'DISPATCHED', attempts = o.attempts + 1, lease_id = $2,
           due_at = now() + $3 * interval '1 millisecond', updated_at = now()
       FROM due WHERE o.id = due.id
       RETURNING o.id`,
      [limit, leaseId, leaseMs],
    );
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as { id: string }[];
    if (rows.length === 0) return { leaseId, events: [] };
    return { leaseId, events: await this.events.findBy({ id: In(rows.map((r) => r.id)) }) };
  }

  /** Records an attempt's end, unless the lease was lost meanwhile (another process owns the row now). */
  async complete(id: string, leaseId: string, done: Completion): Promise<void> {
    const common = { leaseId: null, lastStatus: done.httpStatus ?? null, updatedAt: () => 'now()' };
    const changes =
      done.status === 'NOTIFIED'
        ? { ...common, status: done.status, lastError: null, deliveredAt: () => 'now()' }
        : done.status === 'RECEIVED'
          ? { ...common, status: done.status, lastError: done.error, dueAt: () => `now() + ${Math.max(0, Math.round(done.delayMs))} * interval '1 millisecond'` }
          : { ...common, status: done.status, lastError: done.error };
    await this.events.update({ id, leaseId, status: 'DISPATCHED' }, changes as object);
  }

  /** Newest first; `before` is the `seq` of the last event of the previous page. */
  async list(instanceId: number, limit: number, before?: string, status?: string): Promise<OutboxEvent[]> {
    const query = this.events.createQueryBuilder('e').where('e.instance_id = :instanceId', { instanceId }).orderBy('e.seq', 'DESC').limit(limit);
    if (before) query.andWhere('e.seq < :before', { before });
    if (status) query.andWhere('e.status = :status', { status });
    return query.getMany();
  }

  find(instanceId: number, id: string): Promise<OutboxEvent | null> {
    return this.events.findOneBy({ instanceId, id });
  }

  /** A FAILED event back in the queue, its schedule starting over; false when it was not FAILED. */
  async requeue(instanceId: number, id: string): Promise<boolean> {
    // Ids are uuid columns: anything else would be a database error (a 500), and matches no event anyway.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
    const result = await this.events.update(
      { instanceId, id, status: 'FAILED' },
      { status: 'RECEIVED', attempts: 0, dueAt: () => 'now()', updatedAt: () => 'now()' },
    );
    return (result.affected ?? 0) > 0;
  }
}
