import { Column, Entity, PrimaryColumn } from 'typeorm';

/** RECEIVED: waiting for an attempt; DISPATCHED: claimed by a dispatcher under a lease. */
export const EVENT_STATUSES = ['RECEIVED', 'DISPATCHED', 'NOTIFIED', 'FAILED'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export type CloudElementsEventType = 'CREATED' | 'UPDATED' | 'DELETED' | 'UNKNOWN';

/** One event on its way to the instance's callback: a row of the durable outbox. */
@Entity('event_outbox')
export class OutboxEvent {
  /** Also the Standard Webhooks `webhook-id`, the same on every attempt. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'instance_id' })
  instanceId: number;

  @Column({ name: 'dedup_key' })
  dedupKey: string;

  @Column({ name: 'object_type' })
  objectType: string;

  @Column({ name: 'object_id', type: 'varchar', nullable: true })
  objectId: string | null;

  @Column({ name: 'event_type' })
  eventType: CloudElementsEventType;

  /** Webex's own event name (`created`, `seen`, ...), or the hub's for its own events. */
  @Column({ name: 'vendor_event', type: 'varchar', nullable: true })
  vendorEvent: string | null;

  /** The body Webex posted, as text, so the relayed `raw` keeps its exact field order. */
  @Column({ type: 'text' })
  raw: string;

  @Column({ type: 'varchar' })
  status: EventStatus;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'lease_id', type: 'uuid', nullable: true })
  leaseId: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_status', type: 'int', nullable: true })
  lastStatus: number | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
