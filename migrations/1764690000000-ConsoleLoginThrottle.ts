import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console logins are slowed down per (username, client address) and per address instead of
 * locking the account (which let anyone keep its owner out): the counters move from
 * `console_admins` to their own table, keyed by hashes.
 */
export class ConsoleLoginThrottle1764690000000 implements MigrationInterface {
  name = 'ConsoleLoginThrottle1764690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE console_login_throttles (
        key varchar PRIMARY KEY,
        account_hash varchar,
        attempts integer NOT NULL,
        strikes integer NOT NULL,
        blocked_until timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX console_login_throttles_account_hash ON console_login_throttles (account_hash)`);
    await q.query(`CREATE INDEX console_login_throttles_updated_at ON console_login_throttles (updated_at)`);
    await q.query(`ALTER TABLE console_admins DROP COLUMN failed_attempts, DROP COLUMN locked_until`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE console_admins ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`);
    await q.query(`DROP TABLE console_login_throttles`);
  }
}
