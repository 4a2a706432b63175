import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What a change was made to. A rotated secret is its own kind: the user's, organization's or instance's. */
export type AuditResource = 'instance' | 'user' | 'secret' | 'console-admin';

/** One change to an instance, a user, a secret or a console admin: who, when, from where, what. */
@Entity('audit_log')
export class AuditEntry {
  /** bigserial: read as a string on PostgreSQL, a number on PGlite; `String()` it. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The organization whose data changed (whose admins may read the entry). */
  @Column({ name: 'organization_id', type: 'integer', nullable: true })
  organizationId: number | null;

  /** The API caller, when the change came through the API. */
  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  /** The console admin, when the change came through the console. */
  @Column({ name: 'console_admin_id', type: 'integer', nullable: true })
  consoleAdminId: number | null;

  /** The client address, as the trusted proxies (HUB_TRUST_PROXY) report it. */
  @Column({ name: 'ip_address' })
  ipAddress: string;

  @Column()
  method: string;

  /** The request path, without its query. */
  @Column({ name: 'resource_uri' })
  resourceUri: string;

  @Column()
  status: number;

  @Column({ name: 'resource_type', type: 'varchar' })
  resourceType: AuditResource;

  @Column({ name: 'resource_id', type: 'integer', nullable: true })
  resourceId: number | null;

  /** The instance the change concerns (its own change, or its token's rotation). */
  @Column({ name: 'instance_id', type: 'integer', nullable: true })
  instanceId: number | null;

  /** create, update, delete, enable, disable, rotate, ... */
  @Column()
  action: string;

  /** The fields set and their new values, as JSON text with every secret masked. */
  @Column({ type: 'text', nullable: true })
  changes: string | null;
}
