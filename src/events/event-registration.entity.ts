import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A Webex webhook the hub registered for an instance: one per watched resource. */
export interface RegisteredWebhook {
  id: string;
  resource: string;
  /** What Webex said of it at the last check (`active`, or `inactive` when it gave up on it); absent on rows older than the check. */
  status?: string;
}

/**
 * How Webex reaches the hub for one instance: the opaque key in the webhooks' target URL and the
 * secret (sealed) Webex signs each delivery with.
 */
@Entity('event_registrations')
export class EventRegistration {
  @PrimaryColumn({ name: 'instance_id' })
  instanceId: number;

  @Column({ name: 'route_key' })
  routeKey: string;

  @Column({ type: 'text' })
  secret: string;

  @Column()
  active: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  webhooks: RegisteredWebhook[];

  /** Why the last reconciliation with Webex failed; null once one succeeds. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null;

  /** When the hub last reconciled the webhooks with Webex, successfully or not. */
  @Column({ name: 'checked_at', type: 'timestamptz', nullable: true })
  checkedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
