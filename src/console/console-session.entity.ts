import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ConsoleAdmin } from './console-admin.entity';

/** A logged-in browser. The cookie holds a random id; only its SHA-256 is stored. */
@Entity('console_sessions')
export class ConsoleSession {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'id_hash', unique: true })
  idHash: string;

  @Column({ name: 'admin_id' })
  adminId: number;

  @ManyToOne(() => ConsoleAdmin, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admin_id' })
  admin?: ConsoleAdmin;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A Webex consent in progress: the OAuth `state` (hashed) bound to the session that started it,
 * with the PKCE verifier and the client secret sealed. Single use: `usedAt` is set by the
 * callback that consumes it.
 */
@Entity('console_connect_states')
export class ConsoleConnectState {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'state_hash', unique: true })
  stateHash: string;

  @Column({ name: 'session_id' })
  sessionId: number;

  @ManyToOne(() => ConsoleSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: ConsoleSession;

  /** Sealed; cleared once the state is used. */
  @Column({ name: 'code_verifier', type: 'text', nullable: true })
  codeVerifier: string | null;

  @Column({ name: 'client_id' })
  clientId: string;

  /** Sealed; cleared once the state is used. */
  @Column({ name: 'client_secret', type: 'text', nullable: true })
  clientSecret: string | null;

  @Column()
  scope: string;

  @Column({ name: 'instance_name' })
  instanceName: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  /** The instance this consent re-authorizes (it keeps its id and token); null creates a new one. */
  @Column({ name: 'instance_id', type: 'integer', nullable: true })
  instanceId: number | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
