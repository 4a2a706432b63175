import { MigrationInterface, QueryRunner } from 'typeorm';

export class FairEventClaims1796221782325 implements MigrationInterface {
  name = 'FairEventClaims1796221782325';

  async up(q: QueryRunner): Promise<void> {
    // The fair claim (src/events/event-outbox.ts) walks the instances with queued events and takes
    // each one's oldest due rows; the second index counts an instance's deliveries in flight.
    await q.query(`CREATE INDEX event_outbox_queued_idx ON event_outbox (instance_id, due_at) WHERE status IN ('RECEIVED', 'DISPATCHED')`);
    await q.query(`CREATE INDEX event_outbox_dispatched_idx ON event_outbox (instance_id, due_at) WHERE status = 'DISPATCHED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX event_outbox_dispatched_idx`);
    await q.query(`DROP INDEX event_outbox_queued_idx`);
  }
}
