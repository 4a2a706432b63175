import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookHealth1796224300000 implements MigrationInterface {
  name = 'WebhookHealth1796224300000';

  async up(q: QueryRunner): Promise<void> {
    // When the hub last checked an instance's Webex webhooks (src/events/webhook-health.ts) and
    // when the error it keeps in last_error happened, so the API and console can say how fresh both are.
    await q.query(`ALTER TABLE event_registrations ADD COLUMN checked_at timestamptz, ADD COLUMN last_error_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE event_registrations DROP COLUMN last_error_at, DROP COLUMN checked_at`);
  }
}
