import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An instance's Webex grant and its refresh schedule: the columns tokens/ owns. They are still
 * in the `instances` row (so the instances feature's entity carries them too, and reads them);
 * tokens/ alone writes them, but for the grant of a new or re-authorized instance, which
 * TokenGrants computes and the instance's own INSERT or UPDATE stores.
 */
export abstract class TokenColumns {
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

/**
 * An instance as tokens/ reads it: its token columns, and the element key, the configuration (its
 * OAuth client) and `disabled`, which are the instance's, read here and never written but for the
 * schedule keys a refresh sets.
 */
@Entity('instances')
export class InstanceToken extends TokenColumns {
  @PrimaryColumn()
  id: number;

  @Column({ name: 'element_key', update: false, insert: false })
  elementKey: string;

  @Column({ type: 'jsonb', update: false, insert: false })
  configuration: Record<string, string>;

  @Column({ update: false, insert: false })
  disabled: boolean;
}
