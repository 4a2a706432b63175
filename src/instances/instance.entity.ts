/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging -- Instance's token state and owner are declared, not mapped: TypeORM sees no column for them */
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { User } from '../auth/user.entity';
import { TokenState } from '../tokens/token-grants';

/** The Webex account a user connected: read from `/people/me` when the instance is authorized. */
export interface ConnectedAccount {
  id: string;
  displayName?: string;
  email?: string;
  avatar?: string;
  orgId?: string;
}

/** One step of a Cloud Elements provisioning interaction; the hub provisions in one step and records none. */
export type ProvisionInteraction = Record<string, string | number | boolean | null>;

/**
 * One connected Webex account (a Cloud Elements "element instance"). Secrets are sealed by the
 * SecretBox; the instance token is kept only as its SHA-256 hash. The Webex token state is not a
 * column here: it is tokens/' `instance_tokens` row, which this feature asks tokens/ for and
 * lays over every instance it hands out (see the interface below); saving an instance never
 * writes it.
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

  @Column({ type: 'jsonb', nullable: true })
  account: ConnectedAccount | null;

  @Column({ default: false })
  disabled: boolean;

  @Column({ name: 'events_enabled', default: false })
  eventsEnabled: boolean;

  /** Cloud Elements' response cache settings: the time to live in seconds and the size in entries. */
  @Column({ name: 'caching_enabled', default: false })
  cachingEnabled: boolean;

  @Column({ name: 'cache_time_to_live', type: 'integer', default: 0 })
  cacheTimeToLive: number;

  @Column({ name: 'max_cache_size', type: 'integer', default: 0 })
  maxCacheSize: number;

  @Column({ name: 'trace_logging_enabled', default: false })
  traceLoggingEnabled: boolean;

  @Column({ name: 'provision_interactions', type: 'jsonb', default: () => "'[]'" })
  provisionInteractions: ProvisionInteraction[];

  /** Cloud Elements' `externalAuthentication`: 'none', or 'token' where the caller brings the Webex token. */
  @Column({ name: 'external_authentication', type: 'text', default: 'none' })
  externalAuthentication: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * The token state tokens/ answered for the instance (InstancesService and InstanceResolver attach
 * it), and the owning user where a listing joined it (InstanceListing).
 */
export interface Instance extends TokenState {
  owner?: User;
}
