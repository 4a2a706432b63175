import type { ApiContext, ApiRoute } from '../api';
import { seesMessage } from '../bots';
import { badRequest, forbidden, notFound } from '../errors';
import { webexId } from '../ids';
import type { Message, Room } from '../model';
import { NEWEST_FIRST, type PageLimits } from '../pagination';
import type { EmulatorStore } from '../store';
import { assertCanModerate, compact, email, memberIds, targetPerson, visibleInRoom, visibleRoom } from './access';
import { readMessageInput, saveContent } from './contents';
import { MESSAGE_LIMITS, contentFields } from './message-content';
import { joinRoom } from './memberships';
import { createRoom } from './rooms';

const READ = ['spark:messages_read'];
const WRITE = ['spark:messages_write'];
const LIMITS: PageLimits = { defaultMax: 50, cap: 1000 };
/** Webex caps `max` at 100 when listing by `mentionedPeople`. */
const MENTION_LIMITS: PageLimits = { defaultMax: 50, cap: 100 };

export function renderMessage(store: EmulatorStore, m: Message) {
  return compact({
    id: m.id,
    parentId: m.parentId,
    roomId: m.roomId,
    roomType: store.rooms.get(m.roomId)?.type,
    toPersonId: m.toPersonId,
    toPersonEmail: m.toPersonEmail,
    text: m.text,
    markdown: m.markdown,
    html: m.html,
    files: m.files,
    attachments: m.attachments,
    personId: m.personId,
    personEmail: email(store, m.personId),
    mentionedPeople: m.mentionedPeople,
    created: m.created,
    updated: m.updated,
  });
}

/** Webhooks carry no message text; clients fetch the message to read it. */
function webhookData(store: EmulatorStore, m: Message) {
  const { text: _t, markdown: _m, html: _h, attachments: _a, ...rest } = renderMessage(store, m);
  return rest;
}

/** The 1:1 room with `personId`, created (with both members) on the first message. */
function directRoomWith(ctx: ApiContext, personId: string): Room {
  if (personId === ctx.me.id) throw badRequest('Cannot send a direct message to yourself');
  const existing = ctx.store.directRoom(ctx.me.id, personId);
  if (existing) return existing;
  const room = createRoom(ctx, { title: '', type: 'direct' });
  joinRoom(ctx, room, ctx.me.id, false);
  joinRoom(ctx, room, personId, false);
  return room;
}

/** A message of one of the caller's rooms that the caller may see (bots: see `seesMessage`). */
function visibleMessage(ctx: ApiContext): Message {
  const message = visibleInRoom(ctx, ctx.store.messages);
  if (!seesMessage(ctx.store, ctx.me.id, message)) throw notFound();
  return message;
}

function changed(ctx: ApiContext, event: 'created' | 'updated' | 'deleted', message: Message, audience = memberIds(ctx.store, message.roomId)) {
  ctx.changed({ resource: 'messages', event, audience, webhookData: webhookData(ctx.store, message), eventData: renderMessage(ctx.store, message) });
}

async function createMessage(ctx: ApiContext) {
  const { body, file } = await readMessageInput(ctx);
  const roomId = body.string('roomId');
  const toPersonId = body.string('toPersonId');
  const toPersonEmail = body.string('toPersonEmail');
  if ([roomId, toPersonId, toPersonEmail].filter(Boolean).length !== 1) throw badRequest('Exactly one of roomId, toPersonId or toPersonEmail is required');
  const content = contentFields(ctx.store, body);
  const attachments = body.array('attachments');
  if (attachments && attachments.length > 1) throw badRequest(MESSAGE_LIMITS.oneCard);
  if (!content.text && !content.markdown && !file && !attachments?.length) throw badRequest('text, markdown, files or attachments is required');
  const to = targetPerson(ctx, toPersonId, toPersonEmail);
  const room = to ? directRoomWith(ctx, to.id) : visibleRoom(ctx, roomId);
  if (room.isAnnouncementOnly && !ctx.store.membership(room.id, ctx.me.id)?.isModerator) throw forbidden('Only moderators can post in an announcement-only room');
  const parentId = body.string('parentId');
  if (parentId && ctx.store.messages.get(parentId)?.roomId !== room.id) throw notFound();
  const now = ctx.store.now();
  const id = webexId('MESSAGE');
  const message: Message = compact({
    id,
    seq: ctx.store.nextSeq(),
    roomId: room.id,
    parentId,
    toPersonId: to?.id,
    toPersonEmail: to?.emails[0],
    ...content,
    files: file ? [saveContent(ctx, { roomId: room.id, messageId: id }, file)] : undefined,
    attachments,
    personId: ctx.me.id,
    created: now,
  });
  ctx.store.addMessage(message);
  room.lastActivity = now;
  changed(ctx, 'created', message);
  return renderMessage(ctx.store, message);
}

function listMessages(ctx: ApiContext) {
  const room = visibleRoom(ctx, ctx.requiredQuery('roomId'));
  const parentId = ctx.query('parentId');
  const mentioned = ctx.query('mentionedPeople');
  if (mentioned && mentioned !== 'me' && mentioned !== ctx.me.id) throw badRequest('mentionedPeople accepts only me or your own person id');
  const before = ctx.query('before');
  const beforeTime = before === undefined ? undefined : Date.parse(before);
  if (beforeTime !== undefined && Number.isNaN(beforeTime)) throw badRequest('before must be an ISO 8601 date');
  const beforeMessage = ctx.query('beforeMessage');
  const anchor = beforeMessage === undefined ? undefined : ctx.store.messages.get(beforeMessage);
  if (beforeMessage !== undefined && anchor?.roomId !== room.id) throw notFound();
  const messages = (ctx.store.roomMessages.get(room.id) ?? []).filter(
    (m) =>
      (!parentId || m.parentId === parentId) &&
      (!mentioned || (m.mentionedPeople ?? []).includes(ctx.me.id)) &&
      (beforeTime === undefined || Date.parse(m.created) < beforeTime) &&
      (!anchor || m.seq < anchor.seq) &&
      seesMessage(ctx.store, ctx.me.id, m),
  );
  return ctx.list(messages, (m) => renderMessage(ctx.store, m), { ordering: NEWEST_FIRST, limits: mentioned ? MENTION_LIMITS : LIMITS });
}

export const messageRoutes: ApiRoute[] = [
  { method: 'GET', path: '/messages', scopes: READ, handle: listMessages },
  { method: 'POST', path: '/messages', scopes: WRITE, handle: createMessage, multipart: true },
  {
    method: 'GET',
    path: '/messages/direct',
    scopes: READ,
    handle(ctx) {
      const person = targetPerson(ctx, ctx.query('personId'), ctx.query('personEmail'));
      if (!person) throw badRequest('personId or personEmail is required');
      const room = ctx.store.directRoom(ctx.me.id, person.id);
      const parentId = ctx.query('parentId');
      const messages = (room ? (ctx.store.roomMessages.get(room.id) ?? []) : []).filter((m) => !parentId || m.parentId === parentId);
      return ctx.list(messages, (m) => renderMessage(ctx.store, m), { ordering: NEWEST_FIRST, limits: LIMITS });
    },
  },
  { method: 'GET', path: '/messages/{id}', scopes: READ, handle: (ctx) => renderMessage(ctx.store, visibleMessage(ctx)) },
  {
    method: 'PUT',
    path: '/messages/{id}',
    scopes: WRITE,
    handle(ctx) {
      const message = visibleMessage(ctx);
      if (ctx.body.requiredString('roomId') !== message.roomId) throw badRequest('roomId does not match the message');
      if (message.personId !== ctx.me.id) throw forbidden('Only the author can edit a message');
      const content = contentFields(ctx.store, ctx.body);
      if (!content.text && !content.markdown) throw badRequest('text or markdown is required');
      Object.assign(message, content, { updated: ctx.store.now() });
      changed(ctx, 'updated', message);
      return renderMessage(ctx.store, message);
    },
  },
  {
    method: 'DELETE',
    path: '/messages/{id}',
    scopes: WRITE,
    handle(ctx) {
      const message = visibleMessage(ctx);
      const room = ctx.find(ctx.store.rooms, message.roomId);
      if (message.personId !== ctx.me.id) {
        assertCanModerate(ctx, room);
        if (!ctx.store.membership(room.id, ctx.me.id)?.isModerator) throw forbidden('Only the author or a moderator can delete a message');
      }
      ctx.store.removeMessage(message);
      changed(ctx, 'deleted', message);
      return undefined;
    },
  },
];
