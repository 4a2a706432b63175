import type { ApiContext, ApiRoute } from '../api';
import { badRequest, conflict, forbidden, notFound } from '../errors';
import type { Membership, Room } from '../model';
import type { EmulatorStore } from '../store';
import { assertCanModerate, compact, memberIds, personFields, targetPerson, visibleInRoom, visibleRoom } from './access';

const READ = ['spark:memberships_read'];
const WRITE = ['spark:memberships_write'];

export function renderMembership(store: EmulatorStore, m: Membership) {
  return compact({
    id: m.id,
    roomId: m.roomId,
    ...personFields(store, m.personId),
    isModerator: m.isModerator,
    isRoomHidden: m.isRoomHidden,
    roomType: store.rooms.get(m.roomId)?.type,
    isMonitor: false,
    created: m.created,
  });
}

/** Adds a member and records it; the new member hears of it too. */
export function joinRoom(ctx: ApiContext, room: Room, personId: string, isModerator: boolean): Membership {
  if (ctx.store.membership(room.id, personId)) throw conflict('The person is already a member of the room');
  const membership = ctx.store.addMembership(room.id, personId, isModerator);
  const data = renderMembership(ctx.store, membership);
  ctx.changed({ resource: 'memberships', event: 'created', audience: memberIds(ctx.store, room.id), webhookData: data });
  return membership;
}

/** Removes a member and records it; the one who left hears of it too. */
export function leaveRoom(ctx: ApiContext, membership: Membership): void {
  const audience = memberIds(ctx.store, membership.roomId);
  const data = renderMembership(ctx.store, membership);
  ctx.store.removeMembership(membership);
  ctx.changed({ resource: 'memberships', event: 'deleted', audience, webhookData: data });
}

const visibleMembership = (ctx: ApiContext): Membership => visibleInRoom(ctx, ctx.store.memberships);

export const membershipRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/memberships',
    scopes: READ,
    handle(ctx) {
      const roomId = ctx.query('roomId');
      const personId = ctx.query('personId');
      const personEmail = ctx.query('personEmail')?.toLowerCase();
      if (!roomId) {
        if (personId || personEmail) throw badRequest('roomId is required when filtering by person');
        const mine = ctx.store.roomsOf(ctx.me.id).map((id) => ctx.store.membership(id, ctx.me.id) as Membership);
        return ctx.list(mine, (m) => renderMembership(ctx.store, m));
      }
      visibleRoom(ctx, roomId);
      const members = [...ctx.store.members(roomId).values()].filter(
        (m) => (!personId || m.personId === personId) && (!personEmail || ctx.store.people.get(m.personId)?.emails[0] === personEmail),
      );
      return ctx.list(members, (m) => renderMembership(ctx.store, m));
    },
  },
  {
    method: 'POST',
    path: '/memberships',
    scopes: WRITE,
    handle(ctx) {
      const room = visibleRoom(ctx, ctx.body.requiredString('roomId'));
      assertCanModerate(ctx, room);
      if (room.type === 'direct') throw badRequest('Members cannot be added to a 1:1 room');
      const person = targetPerson(ctx, ctx.body.string('personId'), ctx.body.string('personEmail'), true);
      if (!person) throw badRequest('personId or personEmail is required');
      return renderMembership(ctx.store, joinRoom(ctx, room, person.id, ctx.body.boolean('isModerator') ?? false));
    },
  },
  {
    method: 'GET',
    path: '/memberships/{id}',
    scopes: READ,
    handle: (ctx) => renderMembership(ctx.store, visibleMembership(ctx)),
  },
  {
    method: 'PUT',
    path: '/memberships/{id}',
    scopes: WRITE,
    handle(ctx) {
      const membership = visibleMembership(ctx);
      const isModerator = ctx.body.boolean('isModerator');
      const isRoomHidden = ctx.body.boolean('isRoomHidden');
      if (isModerator === undefined && isRoomHidden === undefined) throw badRequest('isModerator or isRoomHidden is required');
      const room = ctx.find(ctx.store.rooms, membership.roomId);
      if (isModerator !== undefined && isModerator !== membership.isModerator) {
        const mine = ctx.store.membership(room.id, ctx.me.id);
        if (!mine?.isModerator && room.isLocked) throw forbidden('Only moderators can change moderators');
        membership.isModerator = isModerator;
      }
      // Hiding a room is a personal choice: only the member themself may do it.
      if (isRoomHidden !== undefined && isRoomHidden !== membership.isRoomHidden) {
        if (membership.personId !== ctx.me.id) throw forbidden('Only the member can hide a room');
        membership.isRoomHidden = isRoomHidden;
      }
      const data = renderMembership(ctx.store, membership);
      ctx.changed({ resource: 'memberships', event: 'updated', audience: memberIds(ctx.store, room.id), webhookData: data });
      return data;
    },
  },
  {
    method: 'DELETE',
    path: '/memberships/{id}',
    scopes: WRITE,
    handle(ctx) {
      const membership = visibleMembership(ctx);
      const room = ctx.find(ctx.store.rooms, membership.roomId);
      if (membership.personId !== ctx.me.id) assertCanModerate(ctx, room);
      if (room.type === 'direct') throw notFound();
      leaveRoom(ctx, membership);
      return undefined;
    },
  },
];
