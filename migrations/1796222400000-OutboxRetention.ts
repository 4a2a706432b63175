import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxRetention1796222400000 implements MigrationInterface {
  name = 'OutboxRetention1796222400000';

  async up(q: QueryRunner): Promise<void> {
    // The purges (src/events/event-outbox.ts) take the oldest delivered, or failed, events first.
    await q.query(`CREATE INDEX event_outbox_delivered_idx ON event_outbox (delivered_at) WHERE status = 'NOTIFIED'`);
    await q.query(`CREATE INDEX event_outbox_failed_idx ON event_outbox (updated_at) WHERE status = 'FAILED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX event_outbox_failed_idx`);
    await q.query(`DROP INDEX event_outbox_delivered_idx`);
  }
}
