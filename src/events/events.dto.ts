import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
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

/** One relayed event and how its delivery stands. */
export class EventView {
  /** Also the `webhook-id` and the body's `eventId`. */
  id: string;
  instanceId: number;
  objectType: string;
  objectId: string | null;
  @ApiProperty({ enum: ['CREATED', 'UPDATED', 'DELETED', 'UNKNOWN'] })
  eventType: string;
  /** Webex's own event name (`created`, `seen`, ...). */
  vendorEvent: string | null;
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
  /** The Webex body, in the single-event view only. */
  @ApiPropertyOptional({ type: Object })
  raw?: unknown;
}

export function eventView(event: OutboxEvent, withRaw = false): EventView {
  const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);
  return {
    id: event.id,
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
    ...(withRaw && { raw: JSON.parse(event.raw) as unknown }),
  };
}
