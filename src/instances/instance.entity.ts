import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

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
 * SecretBox; the instance token is kept only as its SHA-256 hash.
 */
@Entity('instances')
export class Instance {
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

  @Column({ name: 'access_token', type: 'text', nullable: true })
  accessToken: string | null;

  @Column({ name: 'refresh_token', type: 'text', nullable: true })
  refreshToken: string | null;

  @Column({ name: 'access_token_expires_at', type: 'timestamptz', nullable: true })
  accessTokenExpiresAt: Date | null;

  @Column({ name: 'refresh_token_expires_at', type: 'timestamptz', nullable: true })
  refreshTokenExpiresAt: Date | null;

  /** Bumped on every token swap: refreshes compare-and-swap on it. */
  @Column({ name: 'token_version', type: 'int', default: 0 })
  tokenVersion: number;

  @Column({ name: 'next_refresh_at', type: 'timestamptz', nullable: true })
  nextRefreshAt: Date | null;

  @Column({ name: 'last_refresh_at', type: 'timestamptz', nullable: true })
  lastRefreshAt: Date | null;

  @Column({ name: 'last_refresh_error', type: 'text', nullable: true })
  lastRefreshError: string | null;

  @Column({ name: 'refresh_failures', type: 'int', default: 0 })
  refreshFailures: number;

  /** The refresh lease (see the RefreshLease migration): who may call the token endpoint, until when. */
  @Column({ name: 'refresh_claim', type: 'uuid', nullable: true, select: false })
  refreshClaim: string | null;

  @Column({ name: 'refresh_claimed_until', type: 'timestamptz', nullable: true, select: false })
  refreshClaimedUntil: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  account: ConnectedAccount | null;

  @Column({ default: true })
  valid: boolean;

  @Column({ name: 'invalid_reason', type: 'text', nullable: true })
  invalidReason: string | null;

  @Column({ name: 'invalid_at', type: 'timestamptz', nullable: true })
  invalidAt: Date | null;

  @Column({ default: false })
  disabled: boolean;

  @Column({ name: 'events_enabled', default: false })
  eventsEnabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
