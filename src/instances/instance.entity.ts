/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- Instance's token state is declared, not mapped: TypeORM sees no column for it */
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TokenState } from '../tokens/token-grants';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The token state tokens/ answered for the instance (InstancesService and InstanceResolver attach it). */
export interface Instance extends TokenState {}
