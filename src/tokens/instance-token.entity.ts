import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An instance's Webex grant, its refresh schedule and its refresh lease: the `instance_tokens`
 * row tokens/ alone writes (see the InstanceTokens migration). `id` is the instance's id.
 */
@Entity('instance_tokens')
export class InstanceToken {
  @PrimaryColumn({ name: 'instance_id' })
  id: number;

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

  @Column({ default: true })
  valid: boolean;

  @Column({ name: 'invalid_reason', type: 'text', nullable: true })
  invalidReason: string | null;

  @Column({ name: 'invalid_at', type: 'timestamptz', nullable: true })
  invalidAt: Date | null;

  /** The refresh lease (see the RefreshLease migration): who may call the token endpoint, until when. */
  @Column({ name: 'refresh_claim', type: 'uuid', nullable: true, select: false })
  refreshClaim: string | null;

  @Column({ name: 'refresh_claimed_until', type: 'timestamptz', nullable: true, select: false })
  refreshClaimedUntil: Date | null;
}
