import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsoleReauthorize1796224450000 implements MigrationInterface {
  name = 'ConsoleReauthorize1796224450000';

  async up(q: QueryRunner): Promise<void> {
    // A console consent that re-authorizes an existing instance names it; null creates a new one.
    await q.query(`ALTER TABLE console_connect_states ADD COLUMN instance_id integer REFERENCES instances(id) ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE console_connect_states DROP COLUMN instance_id`);
  }
}
