import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outcome event of a connect session that ended without an instance (declined, expired,
 * failed, for a new instance): the outbox keeps events per instance, so the session row keeps the
 * delivery of its one event (src/connect/connect-session-events.ts). event_status is null when
 * there is nothing to deliver, else PENDING, NOTIFIED or FAILED.
 */
export class ConnectSessionEvents1796224510000 implements MigrationInterface {
  name = 'ConnectSessionEvents1796224510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE connect_sessions ADD COLUMN event_status varchar(16), ADD COLUMN event_due_at timestamptz,
      ADD COLUMN event_attempts integer NOT NULL DEFAULT 0, ADD COLUMN event_error text`);
    await q.query(`CREATE INDEX connect_sessions_event_due_idx ON connect_sessions (event_due_at) WHERE event_status = 'PENDING'`);
    // The sweep that ends links nobody finished, so that their expiry is announced too.
    await q.query(`CREATE INDEX connect_sessions_pending_expiry_idx ON connect_sessions (expires_at) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX connect_sessions_pending_expiry_idx`);
    await q.query(`DROP INDEX connect_sessions_event_due_idx`);
    await q.query(`ALTER TABLE connect_sessions DROP COLUMN event_error, DROP COLUMN event_attempts, DROP COLUMN event_due_at, DROP COLUMN event_status`);
  }
}
