import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const CONNECT_STATUSES = ['PENDING', 'CONNECTED', 'DECLINED', 'EXPIRED', 'FAILED'] as const;
export type ConnectStatus = (typeof CONNECT_STATUSES)[number];

/**
 * One hosted connect: what to create (or which instance to re-authorize), where the browser goes
 * afterwards, and the one trip to Webex's consent page. Secrets are hashed (link, state, browser)
 * or sealed (the request's configuration, the PKCE verifier, the instance token until redeemed).
 */
@Entity('connect_sessions')
export class ConnectSession {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'organization_id' })
  organizationId: number;

  @Column({ name: 'user_id' })
  userId: number;

  /** SHA-256 of the key in the session's url. */
  @Column({ name: 'link_hash' })
  linkHash: string;

  @Column({ name: 'element_key' })
  elementKey: string;

  /** The instance re-authorized, or the one created once connected. */
  @Column({ name: 'instance_id', type: 'integer', nullable: true })
  instanceId: number | null;

  @Column()
  reauthorize: boolean;

  /** Sealed JSON of the instance to create (name, tags, configuration, cache settings); null for a re-authorization. */
  @Column({ type: 'text', nullable: true })
  request: string | null;

  @Column({ name: 'client_id' })
  clientId: string;

  @Column()
  scope: string;

  @Column({ name: 'return_url' })
  returnUrl: string;

  @Column({ type: 'varchar' })
  status: ConnectStatus;

  /** Why a session ended other than connected, in words for the application. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** SHA-256 of the `state` sent to Webex, and of the cookie of the browser that was sent there. */
  @Column({ name: 'state_hash', type: 'varchar', nullable: true })
  stateHash: string | null;

  @Column({ name: 'browser_hash', type: 'varchar', nullable: true })
  browserHash: string | null;

  /** Sealed; cleared when the callback claims the state. */
  @Column({ name: 'code_verifier', type: 'text', nullable: true })
  codeVerifier: string | null;

  /** Sealed; handed out by the one redeem, then cleared. */
  @Column({ name: 'instance_token', type: 'text', nullable: true })
  instanceToken: string | null;

  @Column({ name: 'callback_at', type: 'timestamptz', nullable: true })
  callbackAt: Date | null;

  @Column({ name: 'redeemed_at', type: 'timestamptz', nullable: true })
  redeemedAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /**
   * The outcome event of a session that ended with no instance to carry it (ConnectSessionEvents):
   * null when there is none to deliver, else PENDING, NOTIFIED or FAILED.
   */
  @Column({ name: 'event_status', type: 'varchar', nullable: true })
  eventStatus: 'PENDING' | 'NOTIFIED' | 'FAILED' | null;

  @Column({ name: 'event_due_at', type: 'timestamptz', nullable: true })
  eventDueAt: Date | null;

  @Column({ name: 'event_attempts', type: 'int', default: 0 })
  eventAttempts: number;

  @Column({ name: 'event_error', type: 'text', nullable: true })
  eventError: string | null;
}
