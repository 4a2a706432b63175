import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/** What the event relay refuses: event settings, the event log, and Webex's deliveries to the inbox. */
export enum EventsErrorCode {
  INVALID_EVENT_SETTINGS = 'INVALID_EVENT_SETTINGS',
  CALLBACK_REFUSED = 'CALLBACK_REFUSED',
  EVENT_NOT_REDELIVERABLE = 'EVENT_NOT_REDELIVERABLE',
  INVALID_NEXT_PAGE = 'INVALID_NEXT_PAGE',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  INVALID_DELIVERY = 'INVALID_DELIVERY',
  EVENT_BACKLOG_FULL = 'EVENT_BACKLOG_FULL',
}

export class EventsException extends errorCatalogue<EventsErrorCode>({
  [EventsErrorCode.INVALID_EVENT_SETTINGS]: HttpStatus.BAD_REQUEST,
  [EventsErrorCode.CALLBACK_REFUSED]: HttpStatus.BAD_REQUEST,
  [EventsErrorCode.EVENT_NOT_REDELIVERABLE]: HttpStatus.CONFLICT,
  [EventsErrorCode.INVALID_NEXT_PAGE]: HttpStatus.BAD_REQUEST,
  [EventsErrorCode.SIGNATURE_INVALID]: HttpStatus.UNAUTHORIZED,
  [EventsErrorCode.INVALID_DELIVERY]: HttpStatus.BAD_REQUEST,
  [EventsErrorCode.EVENT_BACKLOG_FULL]: HttpStatus.SERVICE_UNAVAILABLE,
}) {}

/**
 * Why a callback URL cannot be used; the message is safe to show to the instance's owner. Not an
 * answer by itself: it is the reason a configuration is refused (CALLBACK_REFUSED) or a delivery fails.
 */
export class CallbackRefusedError extends Error {
  readonly code = EventsErrorCode.CALLBACK_REFUSED;
}
