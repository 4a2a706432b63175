import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763830000000 implements MigrationInterface {
  name = 'Foundation1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id serial PRIMARY KEY,
        name varchar NOT NULL,
        secret_hash varchar NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id serial PRIMARY KEY,
        organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        email varchar NOT NULL,
        first_name varchar,
        last_name varchar,
        role varchar NOT NULL CHECK (role IN ('admin', 'user')),
        secret_hash varchar NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, email)
      )`);
    await q.query(`
      CREATE TABLE instances (
        id serial PRIMARY KEY,
        organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        element_key varchar NOT NULL,
        name varchar NOT NULL,
        tags jsonb NOT NULL DEFAULT '[]',
        token_hash varchar NOT NULL UNIQUE,
        configuration jsonb NOT NULL DEFAULT '{}',
        access_token text,
        refresh_token text,
        access_token_expires_at timestamptz,
        refresh_token_expires_at timestamptz,
        token_version integer NOT NULL DEFAULT 0,
        next_refresh_at timestamptz,
        last_refresh_at timestamptz,
        last_refresh_error text,
        refresh_failures integer NOT NULL DEFAULT 0,
        account jsonb,
        valid boolean NOT NULL DEFAULT true,
        invalid_reason text,
        invalid_at timestamptz,
        disabled boolean NOT NULL DEFAULT false,
        events_enabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX instances_organization_idx ON instances (organization_id)`);
    await q.query(`CREATE INDEX instances_next_refresh_idx ON instances (next_refresh_at) WHERE valid AND NOT disabled`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE instances`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE organizations`);
  }
}
