import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per change to an instance, a user, a secret or a console admin (src/audit/). Entries
 * outlive what they name: no foreign keys, so deleting an instance or a user keeps its trail.
 * `changes` is JSON text with every secret masked before it is written.
 */
export class AuditLog1796224200000 implements MigrationInterface {
  name = 'AuditLog1796224200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        organization_id integer,
        user_id integer,
        console_admin_id integer,
        ip_address varchar(64) NOT NULL,
        method varchar(16) NOT NULL,
        resource_uri text NOT NULL,
        status integer NOT NULL,
        resource_type varchar(32) NOT NULL,
        resource_id integer,
        instance_id integer,
        action varchar(32) NOT NULL,
        changes text
      )`);
    await q.query(`CREATE INDEX audit_log_organization_idx ON audit_log (organization_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_instance_idx ON audit_log (organization_id, instance_id, id DESC) WHERE instance_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
  }
}
