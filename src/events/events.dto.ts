import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { eventDate, providerData, WebexDelivery } from './cloud-elements-message';
import { EVENT_STATUSES, EventStatus, OutboxEvent } from './outbox-event.entity';

export class ListEventsQuery {
  /** Events per page, newest first (default 50, at most 200). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;

  /** The `elements-next-page-token` of the previous page. */
  @IsOptional() @IsString()
  nextPage?: string;

  @IsOptional() @IsIn(EVENT_STATUSES)
  status?: EventStatus;
}

/**
 * One relayed event and how its delivery stands: Cloud Elements' stored event (`id`, `eventDate`,
 * `status`, `providerData`) with the hub's delivery record beside it.
 */
export class EventView {
  /** Also the `webhook-id` and `elements-webhook-id` of its deliveries, and the body's `eventId`. */
  id: string;
  /** When the change happened as Webex states it (the object's created or updated time), else when the hub received it; the same as the delivered event's `eventDate`. */
  eventDate: string;
  instanceId: number;
  objectType: string;
  objectId: string | null;
  @ApiProperty({ enum: ['CREATED', 'UPDATED', 'DELETED', 'UNKNOWN'] })
  eventType: string;
  /** Webex's own event name (`created`, `seen`, ...). */
  vendorEvent: string | null;
  /**
   * Cloud Elements' lifecycle: RECEIVED (stored, waiting for an attempt), DISPATCHED (an attempt in
   * flight), NOTIFIED (the callback took it). FAILED is the hub's own: given up (410, or the retry
   * schedule spent), until redelivered.
   */
  @ApiProperty({ enum: EVENT_STATUSES })
  status: EventStatus;
  attempts: number;
  lastError: string | null;
  /** HTTP status of the callback's last answer. */
  lastStatus: number | null;
  receivedDate: string;
  /** When the next attempt is due (RECEIVED only). */
  nextAttemptDate: string | null;
  deliveredDate: string | null;
  /** The body Webex posted, as JSON text (Cloud Elements' type for it). */
  providerData: string;
  /** The Webex body as an object, in the single-event view only. */
  @ApiPropertyOptional({ type: Object })
  raw?: unknown;
}

export function eventView(event: OutboxEvent, withRaw = false): EventView {
  const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);
  const raw = JSON.parse(event.raw) as unknown;
  return {
    id: event.id,
    eventDate: eventDate(event, (raw ?? {}) as WebexDelivery),
    instanceId: event.instanceId,
    objectType: event.objectType,
    objectId: event.objectId,
    eventType: event.eventType,
    vendorEvent: event.vendorEvent,
    status: event.status,
    attempts: event.attempts,
    lastError: event.lastError,
    lastStatus: event.lastStatus,
    receivedDate: iso(event.receivedAt)!,
    nextAttemptDate: event.status === 'RECEIVED' ? iso(event.dueAt) : null,
    deliveredDate: iso(event.deliveredAt),
    providerData: providerData(event.raw),
    ...(withRaw && { raw }),
  };
}

/** A Webex webhook the hub keeps for an instance, one per watched resource. */
export class RegisteredWebhookView {
  /** Webex's id of the webhook. */
  id: string;
  /** The Webex resource it watches (`messages`, `rooms`, ...). */
  resource: string;
  /** What Webex said of it at the last check: `active`, or `inactive` when Webex stopped delivering (the next check re-activates it). */
  @ApiPropertyOptional({ enum: ['active', 'inactive'] })
  status?: string;
}

/** How an instance's Webex webhooks stand. */
export class EventWebhooksView {
  /** Whether the hub accepts Webex deliveries for the instance: events on and the instance enabled. */
  active: boolean;
  webhooks: RegisteredWebhookView[];
  /** Why the last registration with Webex failed (Webex's answer); null once one succeeds. */
  lastError: string | null;
  lastErrorDate: string | null;
  /** When the hub last reconciled the webhooks with Webex: on every change of the instance, and every HUB_WEBHOOK_RECONCILE_MS. */
  checkedDate: string | null;
}
