import { createHash } from 'node:crypto';
import { MASK } from '../common/secrets';
import { CloudElementsEventType, OutboxEvent } from './outbox-event.entity';

/** The fields of a Webex webhook delivery the hub reads. */
export interface WebexDelivery {
  id?: string;
  resource?: string;
  event?: string;
  created?: string;
  data?: { id?: string; created?: string; updated?: string; lastActivity?: string };
}

const EVENT_TYPES: Record<string, CloudElementsEventType> = { created: 'CREATED', updated: 'UPDATED', deleted: 'DELETED' };

/** What the outbox keeps of a Webex delivery. Webex events carry no id of their own, so one delivery is known by its bytes. */
export function outboxFields(delivery: WebexDelivery, rawBody: Buffer) {
  return {
    objectType: typeof delivery.resource === 'string' ? delivery.resource : 'unknown',
    objectId: typeof delivery.data?.id === 'string' ? delivery.data.id : null,
    eventType: EVENT_TYPES[String(delivery.event)] ?? ('UNKNOWN' as const),
    vendorEvent: typeof delivery.event === 'string' ? delivery.event : null,
    dedupKey: createHash('sha256').update(rawBody).digest('hex'),
    raw: rawBody.toString('utf8'),
  };
}

/**
 * When the change happened, as far as Webex says (the object's `created`, or for an update its
 * `updated` or `lastActivity`); otherwise, as for a deletion, when the hub received the delivery.
 * The envelope's own `created` is the webhook's creation, not the event's, so it is never used.
 */
export function eventDate(event: Pick<OutboxEvent, 'eventType' | 'receivedAt'>, raw: WebexDelivery): string {
  const data = raw.data ?? {};
  const stated: unknown = event.eventType === 'CREATED' ? data.created : event.eventType === 'UPDATED' ? (data.updated ?? data.lastActivity) : undefined;
  return typeof stated === 'string' && !Number.isNaN(Date.parse(stated)) ? stated : new Date(event.receivedAt).toISOString();
}

/**
 * Cloud Elements' `providerData`: the body Webex posted, as the text it sent. Webex puts no secret
 * in a delivery; a top-level `secret` is masked all the same, so no stored event can hand one out.
 */
export function providerData(raw: string): string {
  const parsed = JSON.parse(raw) as Record<string, unknown> | null;
  if (!parsed || typeof parsed !== 'object' || !('secret' in parsed)) return raw;
  return JSON.stringify({ ...parsed, secret: MASK });
}

/** The Cloud Elements event body; the same bytes on every attempt, so signatures verify whatever the retry. */
export function cloudElementsMessage(event: OutboxEvent, elementKey: string): string {
  const raw = JSON.parse(event.raw) as WebexDelivery;
  return JSON.stringify({
    message: {
      eventId: event.id,
      instanceId: event.instanceId,
      elementKey,
      events: [{ objectType: event.objectType, objectId: event.objectId, eventType: event.eventType, elementKey, eventDate: eventDate(event, raw) }],
      raw,
    },
  });
}
