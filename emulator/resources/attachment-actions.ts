import type { ApiContext, ApiRoute } from '../api';
import { badRequest } from '../errors';
import { webexId } from '../ids';
import type { AttachmentAction } from '../model';
import { memberIds, visibleInRoom, visibleRoom } from './access';

export function renderAttachmentAction(a: AttachmentAction) {
  return { id: a.id, type: a.type, messageId: a.messageId, inputs: a.inputs, personId: a.personId, roomId: a.roomId, created: a.created };
}

const visibleAction = (ctx: ApiContext): AttachmentAction => visibleInRoom(ctx, ctx.store.attachmentActions);

export const attachmentActionRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/attachment/actions',
    scopes: ['spark:messages_write'],
    // The OpenAPI document gives 202 Accepted for this operation.
    status: 202,
    handle(ctx) {
      if (ctx.body.requiredString('type') !== 'submit') throw badRequest('type must be submit');
      const message = ctx.find(ctx.store.messages, ctx.body.requiredString('messageId'));
      const room = visibleRoom(ctx, message.roomId);
      const inputs = ctx.body.object('inputs');
      if (!inputs) throw badRequest('inputs is required');
      const action: AttachmentAction = { id: webexId('ATTACHMENT_ACTION'), seq: ctx.store.nextSeq(), type: 'submit', messageId: message.id, inputs, personId: ctx.me.id, roomId: room.id, created: ctx.store.now() };
      ctx.store.attachmentActions.set(action.id, action);
      const { inputs: _inputs, ...data } = renderAttachmentAction(action);
      ctx.changed({ resource: 'attachmentActions', event: 'created', audience: memberIds(ctx.store, room.id), webhookData: data, eventData: renderAttachmentAction(action) });
      return renderAttachmentAction(action);
    },
  },
  { method: 'GET', path: '/attachment/actions/{id}', scopes: ['spark:messages_read'], handle: (ctx) => renderAttachmentAction(visibleAction(ctx)) },
];
