import { MigrationInterface, QueryRunner } from 'typeorm';

export class TokenRefreshes1796224500000 implements MigrationInterface {
  name = 'TokenRefreshes1796224500000';

  async up(q: QueryRunner): Promise<void> {
    // The refresh history of each instance (src/tokens/refresh-history.ts): a few rows per
    // instance, pruned on write, read newest first.
    await q.query(`CREATE TABLE token_refreshes (
      id serial PRIMARY KEY,
      instance_id integer NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
      at timestamptz NOT NULL DEFAULT now(),
      outcome text NOT NULL,
      trigger text NOT NULL,
      webex_code text
    )`);
    await q.query(`CREATE INDEX token_refreshes_instance_idx ON token_refreshes (instance_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE token_refreshes`);
  }
}
