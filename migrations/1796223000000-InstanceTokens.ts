import { MigrationInterface, QueryRunner } from 'typeorm';

/** The token, lease and schedule columns, as `instances` had them (Foundation, RefreshLease). */
const TOKEN_COLUMNS: Array<[name: string, type: string]> = [
  ['access_token', 'text'],
  ['refresh_token', 'text'],
  ['access_token_expires_at', 'timestamptz'],
  ['refresh_token_expires_at', 'timestamptz'],
  ['token_version', 'integer NOT NULL DEFAULT 0'],
  ['next_refresh_at', 'timestamptz'],
  ['last_refresh_at', 'timestamptz'],
  ['last_refresh_error', 'text'],
  ['refresh_failures', 'integer NOT NULL DEFAULT 0'],
  ['valid', 'boolean NOT NULL DEFAULT true'],
  ['invalid_reason', 'text'],
  ['invalid_at', 'timestamptz'],
  ['refresh_claim', 'uuid'],
  ['refresh_claimed_until', 'timestamptz'],
];
const NAMES = TOKEN_COLUMNS.map(([name]) => name).join(', ');
const DEFINITIONS = TOKEN_COLUMNS.map(([name, type]) => `${name} ${type}`);

/**
 * An instance's Webex grant, its refresh schedule and its refresh lease move out of `instances`
 * into `instance_tokens`, which tokens/ alone writes. The data is copied before the columns go,
 * and back before the table goes, so neither direction loses a token.
 */
export class InstanceTokens1796223000000 implements MigrationInterface {
  name = 'InstanceTokens1796223000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE instance_tokens (instance_id integer PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE, ${DEFINITIONS.join(', ')})`);
    await q.query(`INSERT INTO instance_tokens (instance_id, ${NAMES}) SELECT id, ${NAMES} FROM instances`);
    // The scheduler's due scan; `disabled` stays on instances and is checked on the join.
    await q.query(`CREATE INDEX instance_tokens_next_refresh_idx ON instance_tokens (next_refresh_at) WHERE valid`);
    await q.query(`DROP INDEX instances_next_refresh_idx`);
    await q.query(`ALTER TABLE instances ${TOKEN_COLUMNS.map(([name]) => `DROP COLUMN ${name}`).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE instances ${DEFINITIONS.map((definition) => `ADD COLUMN ${definition}`).join(', ')}`);
    await q.query(`UPDATE instances i SET (${NAMES}) = (SELECT ${NAMES} FROM instance_tokens t WHERE t.instance_id = i.id)
      WHERE EXISTS (SELECT 1 FROM instance_tokens t WHERE t.instance_id = i.id)`);
    await q.query(`CREATE INDEX instances_next_refresh_idx ON instances (next_refresh_at) WHERE valid AND NOT disabled`);
    await q.query(`DROP TABLE instance_tokens`);
  }
}
