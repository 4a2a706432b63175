import type { EmulatorStore } from './store';

/** The fields of a message (or of its webhook data) that decide who may see it. */
interface MessageSeen {
  roomId?: unknown;
  personId?: unknown;
  mentionedPeople?: unknown;
}

/**
 * As on Webex, a bot sees a group-room message only when it is mentioned (or wrote it); people,
 * and bots in 1:1 rooms, see every message of their rooms.
 */
export function seesMessage(store: EmulatorStore, viewerId: string, message: MessageSeen): boolean {
  if (store.people.get(viewerId)?.type !== 'bot' || message.personId === viewerId) return true;
  if (store.rooms.get(String(message.roomId))?.type !== 'group') return true;
  return Array.isArray(message.mentionedPeople) && message.mentionedPeople.includes(viewerId);
}
