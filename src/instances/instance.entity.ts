import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TokenColumns } from '../tokens/token-grants';

/** The Webex account a user connected: read from `/people/me` when the instance is authorized. */
export interface ConnectedAccount {
  id: string;
  displayName?: string;
  email?: string;
  avatar?: string;
  orgId?: string;
}

/**
 * One connected Webex account (a Cloud Elements "element instance"). Secrets are sealed by the
 * SecretBox; the instance token is kept only as its SHA-256 hash. The Webex token columns are
 * tokens/' (TokenColumns): this feature reads them and writes them only with a new grant.
 */
@Entity('instances')
export class Instance extends TokenColumns {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'organization_id' })
  organizationId: number;

  @Column({ name: 'user_id' })
  userId: number;

  @Column({ name: 'element_key' })
  elementKey: string;

  @Column()
  name: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ name: 'token_hash', unique: true })
  tokenHash: string;

  /**
   * Configuration as the client gave it. Values of secret keys (client secret, refresh token,
   * signature key) are sealed.
   */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  configuration: Record<string, string>;

  @Column({ type: 'jsonb', nullable: true })
  account: ConnectedAccount | null;

  @Column({ default: false })
  disabled: boolean;

  @Column({ name: 'events_enabled', default: false })
  eventsEnabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
