import { MigrationInterface, QueryRunner } from 'typeorm';

export class EventRelay1763880000000 implements MigrationInterface {
  name = 'EventRelay1763880000000';

  async up(q: QueryRunner): Promise<void> {
    // One per instance that ever had events: the opaque key in its Webex webhooks' target URL and
    // the sealed secret Webex signs with. Kept while inactive so re-enabling reuses them.
    await q.query(`
      CREATE TABLE event_registrations (
        instance_id integer PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
        route_key varchar NOT NULL UNIQUE,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT false,
        webhooks jsonb NOT NULL DEFAULT '[]',
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The durable outbox: a row is written before Webex gets its 200 and leaves only by delivery,
    // failure or its instance's deletion. due_at is the next attempt (RECEIVED) or the lease's end
    // (DISPATCHED), so one partial index finds every claimable row.
    await q.query(`
      CREATE TABLE event_outbox (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        instance_id integer NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
        dedup_key varchar NOT NULL,
        object_type varchar NOT NULL,
        object_id varchar,
        event_type varchar NOT NULL,
        vendor_event varchar,
        raw text NOT NULL,
        status varchar NOT NULL CHECK (status IN ('RECEIVED', 'DISPATCHED', 'NOTIFIED', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        due_at timestamptz NOT NULL DEFAULT now(),
        lease_id uuid,
        last_error text,
        last_status integer,
        received_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (instance_id, dedup_key)
      )`);
    await q.query(`CREATE INDEX event_outbox_due_idx ON event_outbox (due_at) WHERE status IN ('RECEIVED', 'DISPATCHED')`);
    await q.query(`CREATE INDEX event_outbox_instance_idx ON event_outbox (instance_id, seq DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_outbox`);
    await q.query(`DROP TABLE event_registrations`);
  }
}
