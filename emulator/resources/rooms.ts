import type { ApiContext, ApiRoute } from '../api';
import { badRequest, forbidden } from '../errors';
import { webexId } from '../ids';
import type { Room } from '../model';
import { BY_CREATION, NEWEST_FIRST, type Ordering } from '../pagination';
import type { EmulatorStore } from '../store';
import { assertCanModerate, compact, memberIds, visibleRoom } from './access';
import { joinRoom, leaveRoom } from './memberships';

const READ = ['spark:rooms_read'];
const WRITE = ['spark:rooms_write'];

/** A room as `viewerId` sees it: a 1:1 room is titled with the other person's name. */
export function renderRoom(store: EmulatorStore, room: Room, viewerId: string) {
  let title = room.title;
  if (room.type === 'direct') {
    for (const personId of store.members(room.id).keys()) if (personId !== viewerId) title = store.people.get(personId)?.displayName ?? title;
  }
  return compact({
    id: room.id,
    title,
    type: room.type,
    isLocked: room.isLocked,
    teamId: room.teamId,
    lastActivity: room.lastActivity,
    creatorId: room.creatorId,
    created: room.created,
    ownerId: room.ownerId,
    classificationId: room.classificationId,
    isAnnouncementOnly: room.isAnnouncementOnly,
    isReadOnly: room.isReadOnly,
    isPublic: room.isPublic,
    description: room.description,
  });
}

/** Creates a room with its creator as a (moderator) member and records both changes. */
export function createRoom(ctx: ApiContext, fields: Partial<Room> & { title: string; type: Room['type'] }): Room {
  const now = ctx.store.now();
  const room: Room = {
    id: webexId('ROOM'),
    seq: ctx.store.nextSeq(),
    isLocked: false,
    isAnnouncementOnly: false,
    isReadOnly: false,
    isPublic: false,
    ...fields,
    lastActivity: now,
    creatorId: ctx.me.id,
    created: now,
    ownerId: ctx.store.org.id,
  };
  ctx.store.rooms.set(room.id, room);
  ctx.changed({ resource: 'rooms', event: 'created', audience: new Set([ctx.me.id]), webhookData: renderRoom(ctx.store, room, ctx.me.id) });
  return room;
}

function roomFields(ctx: ApiContext) {
  const b = ctx.body;
  const isPublic = b.boolean('isPublic');
  const description = b.string('description');
  if (isPublic && !description) throw badRequest('description is required for a public room');
  return compact({
    title: b.requiredString('title'),
    classificationId: b.string('classificationId'),
    isLocked: b.boolean('isLocked'),
    isPublic,
    description,
    isAnnouncementOnly: b.boolean('isAnnouncementOnly'),
  });
}

const ORDERINGS: Record<string, Ordering<Room>> = {
  id: BY_CREATION,
  created: NEWEST_FIRST,
  lastactivity: { key: (room) => Date.parse(room.lastActivity), descending: true },
};

export const roomRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/rooms',
    scopes: READ,
    handle(ctx) {
      const teamId = ctx.query('teamId');
      const type = ctx.query('type');
      const sortBy = ctx.query('sortBy') ?? 'id';
      const ordering = ORDERINGS[sortBy];
      if (!ordering) throw badRequest('sortBy must be one of id, lastactivity, created');
      if (type !== undefined && type !== 'direct' && type !== 'group') throw badRequest('type must be direct or group');
      const rooms = ctx.store
        .roomsOf(ctx.me.id)
        .map((id) => ctx.store.rooms.get(id) as Room)
        .filter((room) => (!teamId || room.teamId === teamId) && (!type || room.type === type));
      return ctx.list(rooms, (room) => renderRoom(ctx.store, room, ctx.me.id), { ordering });
    },
  },
  {
    method: 'POST',
    path: '/rooms',
    scopes: WRITE,
    handle(ctx) {
      const fields = roomFields(ctx);
      const teamId = ctx.body.string('teamId');
      if (teamId) {
        ctx.find(ctx.store.teams, teamId);
        if (!ctx.store.teamMembership(teamId, ctx.me.id)) throw forbidden('Only team members can add rooms to a team');
      }
      const room = createRoom(ctx, { ...fields, teamId, type: 'group' });
      joinRoom(ctx, room, ctx.me.id, true);
      return renderRoom(ctx.store, room, ctx.me.id);
    },
  },
  {
    method: 'GET',
    path: '/rooms/{id}',
    scopes: READ,
    handle: (ctx) => renderRoom(ctx.store, visibleRoom(ctx, ctx.param('id')), ctx.me.id),
  },
  {
    method: 'PUT',
    path: '/rooms/{id}',
    scopes: WRITE,
    handle(ctx) {
      const room = visibleRoom(ctx, ctx.param('id'));
      assertCanModerate(ctx, room);
      Object.assign(room, roomFields(ctx), compact({ isReadOnly: ctx.body.boolean('isReadOnly') }));
      const data = renderRoom(ctx.store, room, ctx.me.id);
      ctx.changed({ resource: 'rooms', event: 'updated', audience: memberIds(ctx.store, room.id), webhookData: data });
      return data;
    },
  },
  {
    method: 'DELETE',
    path: '/rooms/{id}',
    scopes: WRITE,
    handle(ctx) {
      const room = visibleRoom(ctx, ctx.param('id'));
      const mine = assertCanModerate(ctx, room);
      const audience = memberIds(ctx.store, room.id);
      // Webex protects against accidental deletion: a non-moderator who deletes only leaves.
      if (!mine.isModerator && room.type === 'group') {
        leaveRoom(ctx, mine);
        return undefined;
      }
      ctx.store.removeRoom(room);
      ctx.changed({ resource: 'rooms', event: 'deleted', audience, webhookData: { id: room.id, type: room.type } });
      return undefined;
    },
  },
];
