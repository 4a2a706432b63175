import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connect sessions (src/connect/): hosted links through which an end user connects a Webex
 * account for an application. Link, state and browser are kept as SHA-256 hashes; the request's
 * configuration, the PKCE verifier and the instance token (until redeemed) are sealed.
 */
export class ConnectSessions1796224400000 implements MigrationInterface {
  name = 'ConnectSessions1796224400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE connect_sessions (
        id uuid PRIMARY KEY,
        organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        link_hash varchar(64) NOT NULL UNIQUE,
        element_key varchar(100) NOT NULL,
        instance_id integer REFERENCES instances(id) ON DELETE SET NULL,
        reauthorize boolean NOT NULL,
        request text,
        client_id text NOT NULL,
        scope text NOT NULL,
        return_url text NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'PENDING',
        reason text,
        state_hash varchar(64) UNIQUE,
        browser_hash varchar(64),
        code_verifier text,
        instance_token text,
        callback_at timestamptz,
        redeemed_at timestamptz,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX connect_sessions_user_idx ON connect_sessions (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE connect_sessions`);
  }
}
