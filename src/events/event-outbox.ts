import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { deleteInBatches } from '../common/batched-delete';
import { Instance } from '../instances/instance.entity';
import { CloudElementsEventType, OutboxEvent } from './outbox-event.entity';
import { CLAIM_EVENTS, COMPLETE_EVENTS, COUNT_BACKLOG, INSERT_EVENTS, outboxEventOf, rawQuery, type RawQuery } from './outbox-statements';
import { StatementBatch } from './statement-batch';

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
  private readonly sql: RawQuery;
  /** Inbound deliveries arriving together are stored by one multi-row INSERT. */
  private readonly inserts = new StatementBatch<NewEvent & { id: string }, boolean>(async (rows) => {
    const stored = new Set((await this.sql<{ id: string }>(INSERT_EVENTS, [JSON.stringify(rows.map(insertRow))])).map((r) => r.id));
    return rows.map((row) => stored.has(row.id));
  }, 2);
  /** Deliveries ending together are completed by one UPDATE. */
  private readonly completions = new StatementBatch<CompletionRow, void>(async (rows) => {
    await this.sql(COMPLETE_EVENTS, [JSON.stringify(rows)]);
    return rows.map(() => undefined);
  }, 2);

  constructor(@InjectRepository(OutboxEvent) private readonly events: Repository<OutboxEvent>) {
    this.sql = rawQuery(events);
  }

  /** Stores an event once: a second copy of the same delivery changes nothing. Returns whether it was new. */
  store(event: NewEvent): Promise<boolean> {
    return this.inserts.add({ ...event, id: randomUUID() });
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
    const rows = await this.sql<Record<string, unknown>>(CLAIM_EVENTS, [limit, leaseId, leaseMs, perInstance]);
    return { leaseId, events: rows.map(outboxEventOf) };
  }

  /**
   * Records an attempt's end, unless the lease was lost meanwhile (another process owns the row
   * now). Resolves once written: the ends of deliveries finishing together share one statement.
   */
  complete(id: string, leaseId: string, done: Completion): Promise<void> {
    const delayMs = done.status === 'RECEIVED' ? Math.max(0, Math.round(done.delayMs)) : null;
    const error = done.status === 'NOTIFIED' ? null : done.error;
    return this.completions.add({ id, lease_id: leaseId, status: done.status, http_status: done.httpStatus ?? null, error, delay_ms: delayMs });
  }

  /** How many of an instance's events wait for delivery now, counted up to `bound`. */
  async backlog(instanceId: number, bound: number): Promise<number> {
    const [row] = await this.sql<{ n: number }>(COUNT_BACKLOG, [instanceId, bound]);
    return Number(row.n);
  }

  /**
   * Deletes events in `status` whose time (`delivered_at` for NOTIFIED, the last attempt for
   * FAILED) is older than `olderThanMs`, optionally of one instance; returns how many. One batch
   * per statement, rows taken with SKIP LOCKED: purges on several replicas share the work, and a
   * purge holds no row a dispatcher wants (it never touches RECEIVED or DISPATCHED rows).
   */
  async purge(status: 'NOTIFIED' | 'FAILED', olderThanMs: number, options: { instanceId?: number; batchSize?: number; keepGoing?: () => boolean } = {}): Promise<number> {
    const column = status === 'NOTIFIED' ? 'delivered_at' : 'updated_at';
    return deleteInBatches(
      this.events,
      'event_outbox',
      `SELECT id FROM event_outbox WHERE status = $1 AND ${column} < now() - $2 * interval '1 millisecond' AND ($3::int IS NULL OR instance_id = $3) ORDER BY ${column}`,
      [status, olderThanMs, options.instanceId ?? null],
      options,
    );
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

interface CompletionRow {
  id: string;
  lease_id: string;
  status: Completion['status'];
  http_status: number | null;
  error: string | null;
  delay_ms: number | null;
}

function insertRow(event: NewEvent & { id: string }) {
  const { id, instanceId, dedupKey, objectType, objectId, eventType, vendorEvent, raw } = event;
  return { id, instance_id: instanceId, dedup_key: dedupKey, object_type: objectType, object_id: objectId, event_type: eventType, vendor_event: vendorEvent, raw };
}
