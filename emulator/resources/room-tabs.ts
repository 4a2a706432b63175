import type { ApiContext, ApiRoute } from '../api';
import { badRequest } from '../errors';
import { webexId } from '../ids';
import type { RoomTab } from '../model';
import type { EmulatorStore } from '../store';
import { memberIds, visibleInRoom, visibleRoom } from './access';

const READ = ['spark:rooms_read'];
const WRITE = ['spark:rooms_write'];

export function renderRoomTab(store: EmulatorStore, tab: RoomTab) {
  return {
    id: tab.id,
    roomId: tab.roomId,
    roomType: store.rooms.get(tab.roomId)?.type,
    displayName: tab.displayName,
    contentUrl: tab.contentUrl,
    creatorId: tab.creatorId,
    created: tab.created,
  };
}

/** roomId, contentUrl (https) and displayName: required on create and on update. */
function tabFields(ctx: ApiContext) {
  const room = visibleRoom(ctx, ctx.body.requiredString('roomId'));
  const contentUrl = ctx.body.requiredString('contentUrl');
  if (!/^https:\/\/\S+$/.test(contentUrl)) throw badRequest('contentUrl must be an https URL');
  return { roomId: room.id, contentUrl, displayName: ctx.body.requiredString('displayName') };
}

const visibleTab = (ctx: ApiContext): RoomTab => visibleInRoom(ctx, ctx.store.roomTabs);

function changed(ctx: ApiContext, event: 'created' | 'updated' | 'deleted', tab: RoomTab) {
  ctx.changed({ resource: 'tabs', event, audience: memberIds(ctx.store, tab.roomId), webhookData: renderRoomTab(ctx.store, tab) });
}

export const roomTabRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/room/tabs',
    scopes: READ,
    handle(ctx) {
      const room = visibleRoom(ctx, ctx.requiredQuery('roomId'));
      return ctx.list([...ctx.store.roomTabs.values()].filter((t) => t.roomId === room.id), (t) => renderRoomTab(ctx.store, t));
    },
  },
  {
    method: 'POST',
    path: '/room/tabs',
    scopes: WRITE,
    handle(ctx) {
      const tab: RoomTab = { id: webexId('ROOM_TAB'), seq: ctx.store.nextSeq(), ...tabFields(ctx), creatorId: ctx.me.id, created: ctx.store.now() };
      ctx.store.roomTabs.set(tab.id, tab);
      changed(ctx, 'created', tab);
      return renderRoomTab(ctx.store, tab);
    },
  },
  { method: 'GET', path: '/room/tabs/{id}', scopes: READ, handle: (ctx) => renderRoomTab(ctx.store, visibleTab(ctx)) },
  {
    method: 'PUT',
    path: '/room/tabs/{id}',
    scopes: WRITE,
    handle(ctx) {
      const tab = visibleTab(ctx);
      const fields = tabFields(ctx);
      if (fields.roomId !== tab.roomId) throw badRequest('roomId does not match the tab');
      Object.assign(tab, fields);
      changed(ctx, 'updated', tab);
      return renderRoomTab(ctx.store, tab);
    },
  },
  {
    method: 'DELETE',
    path: '/room/tabs/{id}',
    scopes: WRITE,
    handle(ctx) {
      const tab = visibleTab(ctx);
      ctx.store.roomTabs.delete(tab.id);
      changed(ctx, 'deleted', tab);
      return undefined;
    },
  },
];
