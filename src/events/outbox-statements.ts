import { Repository } from 'typeorm';
import { OutboxEvent } from './outbox-event.entity';

/** Runs a statement on the data source's own pool (pg's, or PGlite's look-alike), past TypeORM's query runner. */
export type RawQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * The hot path's statements go to the driver's pool as plain parameterised SQL: TypeORM's query
 * builder and query runner cost more CPU than the round trip itself at a thousand events a second.
 */
export function rawQuery(repository: Repository<OutboxEvent>): RawQuery {
  return async <T>(sql: string, params: unknown[]) => {
    const pool = (repository.manager.connection.driver as unknown as { master: { query(sql: string, params: unknown[]): Promise<{ rows: T[] }> } }).master;
    return (await pool.query(sql, params)).rows;
  };
}

/** Every column of an outbox row, for RETURNING. */
export const OUTBOX_COLUMNS = `o.id, o.seq, o.instance_id, o.dedup_key, o.object_type, o.object_id, o.event_type, o.vendor_event, o.raw, o.status,
  o.attempts, o.due_at, o.lease_id, o.last_error, o.last_status, o.received_at, o.delivered_at, o.updated_at`;

/** A row as the driver returns it (snake_case) as the entity TypeORM would have made of it. */
export function outboxEventOf(row: Record<string, unknown>): OutboxEvent {
  return Object.assign(new OutboxEvent(), {
    id: row.id,
    seq: String(row.seq),
    instanceId: Number(row.instance_id),
    dedupKey: row.dedup_key,
    objectType: row.object_type,
    objectId: row.object_id ?? null,
    eventType: row.event_type,
    vendorEvent: row.vendor_event ?? null,
    raw: row.raw,
    status: row.status,
    attempts: Number(row.attempts),
    dueAt: new Date(row.due_at as string),
    leaseId: row.lease_id ?? null,
    lastError: row.last_error ?? null,
    lastStatus: row.last_status ?? null,
    receivedAt: new Date(row.received_at as string),
    deliveredAt: row.delivered_at ? new Date(row.delivered_at as string) : null,
    updatedAt: new Date(row.updated_at as string),
  });
}

/**
 * Takes up to $1 due events under lease $2 for $3 ms, at most $4 in flight per instance (the
 * fairness EventOutbox.claim describes), and returns them whole: one statement per claim.
 * The claimed rows are found by primary key (`= ANY(ARRAY(…))`, here and in COMPLETE_EVENTS):
 * joined instead, the planner took a sequential scan of the whole outbox while it was small.
 */
export const CLAIM_EVENTS = `WITH RECURSIVE queued(instance_id) AS (
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
       ORDER BY o.due_at LIMIT GREATEST(0, LEAST($1, $4 - busy.n)) FOR UPDATE SKIP LOCKED) c
     -- The skip scan ends on a NULL row: probing it would read every due event of every instance.
     WHERE q.instance_id IS NOT NULL),
   due AS (
     SELECT id FROM (SELECT id, due_at, row_number() OVER (PARTITION BY instance_id ORDER BY due_at) AS turn FROM candidates) r
     ORDER BY turn, due_at LIMIT $1)
   UPDATE event_outbox o
   SET status = 'DISPATCHED', attempts = o.attempts + 1, lease_id = $2,
       due_at = now() + $3 * interval '1 millisecond', updated_at = now()
   WHERE o.id = ANY(ARRAY(SELECT id FROM due))
   RETURNING ${OUTBOX_COLUMNS}`;

/**
 * Many new events in one statement; a second copy of a stored one (same instance and bytes),
 * in the table or earlier in the same batch, is not stored again. Rows travel as one JSON
 * parameter, which pg and PGlite pass alike.
 */
export const INSERT_EVENTS = `
  INSERT INTO event_outbox (id, instance_id, dedup_key, object_type, object_id, event_type, vendor_event, raw, status, attempts)
  SELECT v.id, v.instance_id, v.dedup_key, v.object_type, v.object_id, v.event_type, v.vendor_event, v.raw, 'RECEIVED', 0
  FROM json_to_recordset($1::json) AS v(id uuid, instance_id int, dedup_key text, object_type text, object_id text, event_type text, vendor_event text, raw text)
  ON CONFLICT DO NOTHING
  RETURNING id`;

/**
 * Many attempts' ends in one statement, each only under the lease that took it (a row whose
 * lease ran out and was claimed again belongs to the other claim now). Only a claim sets a lease
 * id and only its completion clears it, so the lease alone says the row is still DISPATCHED under
 * it: a status condition here let the planner read the partial indexes of queued rows by bitmap,
 * every dead version of every event delivered since the last vacuum, on each completion.
 */
export const COMPLETE_EVENTS = `
  WITH v AS (SELECT * FROM json_to_recordset($1::json) AS v(id uuid, lease_id uuid, status text, http_status int, error text, delay_ms bigint))
  UPDATE event_outbox o
  SET status = v.status, lease_id = NULL, last_status = v.http_status, updated_at = now(),
      last_error = v.error,
      delivered_at = CASE WHEN v.status = 'NOTIFIED' THEN now() ELSE o.delivered_at END,
      due_at = CASE WHEN v.status = 'RECEIVED' THEN now() + v.delay_ms * interval '1 millisecond' ELSE o.due_at END
  FROM v
  WHERE o.id = ANY(ARRAY(SELECT id FROM v)) AND o.id = v.id AND o.lease_id = v.lease_id`;

/**
 * How many of an instance's events wait for delivery now (due, or out under a lease), counted up
 * to $2 only. Two ordered index ranges, each stopped at the bound: due rows of the queued index and
 * live leases of the dispatched one. A single filtered count took a bitmap scan, which reads every
 * entry of the instance (dead versions of delivered events too, until vacuum) before any LIMIT.
 * Retries scheduled later are not waiting on delivery, only on their time.
 */
export const COUNT_BACKLOG = `
  SELECT LEAST($2::int,
    (SELECT count(*) FROM (SELECT 1 FROM event_outbox
       WHERE instance_id = $1 AND status IN ('RECEIVED', 'DISPATCHED') AND due_at <= now() ORDER BY due_at LIMIT $2) due)
    + (SELECT count(*) FROM (SELECT 1 FROM event_outbox
       WHERE instance_id = $1 AND status = 'DISPATCHED' AND due_at > now() ORDER BY due_at LIMIT $2) leased))::int AS n`;
