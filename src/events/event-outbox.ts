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
   *
   * Fair across instances: no instance gets more than `perInstance` deliveries in flight (rows
   * DISPATCHED under a live lease, whichever replica holds them), and the batch takes each
   * instance's oldest due event first, then each one's second, and so on. So a slow or dead
   * callback holds at most `perInstance` slots and cannot queue ahead of another instance's events.
   * The instances with queued events are found by a skip scan of the (instance_id, due_at) index,
   * one probe per instance, so a deep backlog of one instance is never read through.
   * SKIP LOCKED lets several processes claim side by side without taking one row twice; two
   * claiming at the same moment may each see an instance below its cap, so the cap is exact per
   * process and may be exceeded by the other replicas' concurrent claims at most.
   */
  async claim(limit: number, leaseMs: number, perInstance: number): Promise<{ leaseId: string; events: OutboxEvent[] }> {
    const leaseId = randomUUID();
    const result: unknown = await this.events.query(
      `WITH RECURSIVE queued(instance_id) AS (
         (SELECT instance_id FROM event_outbox WHERE status IN ('RECEIVED', 'DISPATCHED') ORDER BY instance_id LIMIT 1)
         UNION ALL
         SELECT (SELECT o.instance_id FROM event_outbox o
                 WHERE o.status IN ('RECEIVED', 'DISPATCHED') AND o.instance_id > q.instance_id ORDER BY o.instance_id LIMIT 1)
         FROM queued q WHERE q.instance_id IS NOT NULL),
       candidates AS (
         SELECT c.id, c.instance_id, c.due_at FROM queued q
         CROSS JOIN LATERAL (
           SELECT count(*) AS n FROM event_outbox f
           WHERE f.instance_id = q.instance_id AND f.status = 'DISPATCHED' AND f.due_at > now()) busy
         CROSS JOIN LATERAL (
           SELECT o.id, o.instance_id, o.due_at FROM event_outbox o
           WHERE o.instance_id = q.instance_id AND o.status IN ('RECEIVED', 'DISPATCHED') AND o.due_at <= now()
           ORDER BY o.due_at LIMIT GREATEST(0, LEAST($1, $4 - busy.n)) FOR UPDATE SKIP LOCKED) c),
       due AS (
         SELECT id FROM (SELECT id, due_at, row_number() OVER (PARTITION BY instance_id ORDER BY due_at) AS turn FROM candidates) r
         ORDER BY turn, due_at LIMIT $1)
       UPDATE event_outbox o
       SET status = 'DISPATCHED', attempts = o.attempts + 1, lease_id = $2,
           due_at = now() + $3 * interval '1 millisecond', updated_at = now()
       FROM due WHERE o.id = due.id
       RETURNING o.id`,
      [limit, leaseId, leaseMs, perInstance],
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

  /**
   * Deletes events in `status` whose time (`delivered_at` for NOTIFIED, the last attempt for
   * FAILED) is older than `olderThanMs`, optionally of one instance; returns how many. One batch
   * per statement, rows taken with SKIP LOCKED: purges on several replicas share the work, and a
   * purge holds no row a dispatcher wants (it never touches RECEIVED or DISPATCHED rows).
   */
  async purge(status: 'NOTIFIED' | 'FAILED', olderThanMs: number, options: { instanceId?: number; batchSize?: number; keepGoing?: () => boolean } = {}): Promise<number> {
    const column = status === 'NOTIFIED' ? 'delivered_at' : 'updated_at';
    const batchSize = options.batchSize ?? 1000;
    let total = 0;
    for (;;) {
      const result: unknown = await this.events.query(
        `DELETE FROM event_outbox WHERE id IN (
           SELECT id FROM event_outbox
           WHERE status = $1 AND ${column} < now() - $2 * interval '1 millisecond' AND ($3::int IS NULL OR instance_id = $3)
           ORDER BY ${column} LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [status, olderThanMs, options.instanceId ?? null, batchSize],
      );
      const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as unknown[];
      total += rows.length;
      if (rows.length < batchSize || options.keepGoing?.() === false) return total;
    }
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
