import { ApiContext } from '../api';
import { badRequest, forbidden, notFound } from '../errors';
import type { Membership, Room } from '../model';
import type { EmulatorStore } from '../store';

/** A room the caller is a member of; any other room is a 404, as Webex hides it. */
export function visibleRoom(ctx: ApiContext, roomId: string | undefined): Room {
  const room = ctx.find(ctx.store.rooms, roomId);
  if (!ctx.store.membership(room.id, ctx.me.id)) throw notFound();
  return room;
}

/** A record that lives in a room (`{id}` of the route), visible only to that room's members. */
export function visibleInRoom<T extends { roomId: string }>(ctx: ApiContext, collection: ReadonlyMap<string, T>): T {
  const item = ctx.find(collection, ctx.param('id'));
  visibleRoom(ctx, item.roomId);
  return item;
}

/** The person fields Webex repeats on memberships and team memberships. */
export function personFields(store: EmulatorStore, personId: string) {
  const person = store.people.get(personId);
  return { personId, personEmail: person?.emails[0], personDisplayName: person?.displayName, personOrgId: person?.orgId };
}

/** Locked (moderated) rooms only let moderators change them. */
export function assertCanModerate(ctx: ApiContext, room: Room): Membership {
  const mine = ctx.store.membership(room.id, ctx.me.id);
  if (!mine) throw notFound();
  if (room.isLocked && !mine.isModerator) throw forbidden('Only moderators can change a locked room');
  return mine;
}

export function memberIds(store: EmulatorStore, roomId: string): Set<string> {
  return new Set(store.members(roomId).keys());
}

export function email(store: EmulatorStore, personId: string): string | undefined {
  return store.people.get(personId)?.emails[0];
}

/** Drops undefined fields so bodies carry only what is set, as Webex's do. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

/**
 * A person chosen by `personId` or `personEmail` in a body or query. With `invite`, an unknown
 * email creates the person, as Webex invites someone added to a room by email.
 */
export function targetPerson(ctx: ApiContext, personId: string | undefined, personEmail: string | undefined, invite = false) {
  if (personId) return ctx.find(ctx.store.people, personId);
  if (personEmail) {
    const person = ctx.store.peopleByEmail.get(personEmail.toLowerCase());
    if (person) return person;
    if (!invite) throw notFound();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(personEmail)) throw badRequest('personEmail must be an email address');
    return ctx.store.addPerson({ email: personEmail });
  }
  return undefined;
}
