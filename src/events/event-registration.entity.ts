import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A Webex webhook the hub registered for an instance: one per watched resource. */
export interface RegisteredWebhook {
  id: string;
  resource: string;
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

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
