/** One event of an instance as the console lists it. */
export interface ConsoleEvent {
  id: string;
  instanceId: number;
  /** Webex resource and event, e.g. `messages.created`. */
  type: string;
  occurredAt: Date;
  /** `delivered`, `failed`, `pending`, ... as the events feature names it. */
  status: string;
  attempts: number;
  lastError?: string | null;
}

/**
 * What the console needs from the events feature: recent events per instance with their delivery
 * status, and redelivery of a failed one. Provided under CONSOLE_EVENTS by the module that owns
 * events; without a provider the console shows no events.
 */
export interface ConsoleEventSource {
  recent(organizationId: number, instanceIds: number[], perInstance: number): Promise<ConsoleEvent[]>;
  /** Queues the event for delivery again; throws a HubException (404) for an event outside the organization. */
  redeliver(organizationId: number, eventId: string): Promise<void>;
}

export const CONSOLE_EVENTS = Symbol('ConsoleEventSource');
