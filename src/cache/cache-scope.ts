import type { HubRoute } from '../hubs/hub-routes';

/**
 * What a cached answer is about: the Webex collection its route reads (`rooms`, `messages`,
 * `team/memberships`, ...). Invalidation drops an instance's entries by these names.
 */
export type WebexType = string;

/** Webex paths that read a collection under another name. */
const ALIASES: Record<string, WebexType> = { 'people/me': 'people' };

/** Webex webhook resource names that differ from the collection's path. */
const WEBHOOK_RESOURCES: Record<string, WebexType> = { attachmentActions: 'attachment/actions' };

/**
 * What else a change to a collection can alter, as Webex answers it: a message moves its room's
 * lastActivity, a membership adds a room to a person's list, deleting a room takes its messages
 * and memberships, a team has its general room, a person's name shows in memberships.
 */
const TOUCHES: Record<WebexType, WebexType[]> = {
  rooms: ['memberships', 'messages', 'room/tabs'],
  messages: ['rooms'],
  memberships: ['rooms'],
  teams: ['rooms', 'team/memberships'],
  'team/memberships': ['rooms', 'memberships', 'teams'],
  people: ['memberships', 'team/memberships'],
};

/** The Webex collection of a hub route: its Webex path up to the first parameter, without slashes. */
export function webexTypeOf(route: Pick<HubRoute, 'webexPath'>): WebexType {
  const type = route.webexPath[0].replace(/^\/+|\/+$/g, '');
  return ALIASES[type] ?? type;
}

/** The Webex collection a webhook delivery names (`resource`), or undefined when it names none. */
export function webexTypeOfWebhook(resource: unknown): WebexType | undefined {
  if (typeof resource !== 'string' || !resource) return undefined;
  return WEBHOOK_RESOURCES[resource] ?? resource;
}

/** The collections whose cached answers a change to `type` may have made stale, `type` first. */
export function touchedBy(type: WebexType): WebexType[] {
  return [type, ...(TOUCHES[type] ?? [])];
}
