import { MigrationInterface, QueryRunner } from 'typeorm';

/** Console admins, their sessions and the Webex consents they have in progress. */
export class Console1763837000000 implements MigrationInterface {
  name = 'Console1763837000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE console_admins (
        id serial PRIMARY KEY,
        username varchar NOT NULL UNIQUE,
        display_name varchar NOT NULL,
        email varchar,
        role varchar NOT NULL CHECK (role IN ('super', 'admin')),
        password_hash varchar NOT NULL,
        organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE console_sessions (
        id serial PRIMARY KEY,
        id_hash varchar NOT NULL UNIQUE,
        admin_id integer NOT NULL REFERENCES console_admins(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX console_sessions_expires_at ON console_sessions (expires_at)`);
    await q.query(`
      CREATE TABLE console_connect_states (
        id serial PRIMARY KEY,
        state_hash varchar NOT NULL UNIQUE,
        session_id integer NOT NULL REFERENCES console_sessions(id) ON DELETE CASCADE,
        code_verifier text,
        client_id varchar NOT NULL,
        client_secret text,
        scope varchar NOT NULL,
        instance_name varchar NOT NULL,
        tags jsonb NOT NULL DEFAULT '[]',
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE console_connect_states`);
    await q.query(`DROP TABLE console_sessions`);
    await q.query(`DROP TABLE console_admins`);
  }
}
