import type { ApiContext, ApiRoute } from '../api';
import { badRequest, forbidden, notFound } from '../errors';
import { webexId } from '../ids';
import type { Webhook } from '../model';
import { grants } from '../scopes';
import { compact } from './access';

/** Resources and events Webex documents, plus `all` (the firehose) which it accepts too. */
const RESOURCES = new Set(['attachmentActions', 'memberships', 'messages', 'rooms', 'meetings', 'recordings', 'meetingParticipants', 'meetingTranscripts', 'telephony_calls', 'all']);
const EVENTS = new Set(['created', 'updated', 'deleted', 'started', 'ended', 'joined', 'left', 'migrated', 'all']);
/** Creating a webhook needs read scope on its resource. */
const READ_SCOPE: Record<string, string> = {
  attachmentActions: 'spark:messages_read',
  memberships: 'spark:memberships_read',
  messages: 'spark:messages_read',
  rooms: 'spark:rooms_read',
  all: 'spark:all',
};

export function renderWebhook(w: Webhook) {
  return compact({
    id: w.id,
    name: w.name,
    targetUrl: w.targetUrl,
    resource: w.resource,
    event: w.event,
    filter: w.filter,
    secret: w.secret,
    status: w.status,
    created: w.created,
    orgId: w.orgId,
    createdBy: w.createdBy,
    appId: w.appId,
    ownedBy: w.ownedBy,
  });
}

function targetUrl(ctx: ApiContext): string {
  const url = ctx.body.requiredString('targetUrl');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('targetUrl must be an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badRequest('targetUrl must be http or https');
  return url;
}

function filter(ctx: ApiContext): string | undefined {
  const value = ctx.body.string('filter');
  if (value !== undefined && !value.split('&').every((pair) => /^[A-Za-z]+=.+$/.test(pair))) throw badRequest('filter must be key=value pairs joined by &');
  return value || undefined;
}

function ownedBy(ctx: ApiContext): Webhook['ownedBy'] {
  const value = ctx.body.string('ownedBy') ?? 'creator';
  if (value !== 'creator' && value !== 'org') throw badRequest('ownedBy must be creator or org');
  if (value === 'org' && !ctx.store.isAdmin(ctx.me)) throw forbidden('Only admins can create org-wide webhooks');
  return value;
}

/** Webhooks belong to the person and the integration that created them. */
function myWebhook(ctx: ApiContext): Webhook {
  const webhook = ctx.find(ctx.store.webhooks, ctx.param('id'));
  if (webhook.createdBy !== ctx.me.id || webhook.appId !== ctx.viewer.appId) throw notFound();
  return webhook;
}

export const webhookRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/webhooks',
    scopes: [],
    handle(ctx) {
      const orgOnly = ctx.query('ownedBy') === 'org';
      const mine = [...ctx.store.webhooks.values()].filter((w) => w.createdBy === ctx.me.id && w.appId === ctx.viewer.appId && (!orgOnly || w.ownedBy === 'org'));
      return ctx.list(mine, renderWebhook);
    },
  },
  {
    method: 'POST',
    path: '/webhooks',
    scopes: [],
    handle(ctx) {
      const name = ctx.body.requiredString('name');
      const url = targetUrl(ctx);
      const resource = ctx.body.requiredString('resource');
      const event = ctx.body.requiredString('event');
      if (!RESOURCES.has(resource)) throw badRequest(`Unsupported resource ${resource}`);
      if (!EVENTS.has(event)) throw badRequest(`Unsupported event ${event}`);
      const scope = READ_SCOPE[resource];
      if (scope && !grants(ctx.viewer.token.scopes, [scope])) throw forbidden(`Creating a ${resource} webhook needs ${scope}`);
      const webhook: Webhook = compact({
        id: webexId('WEBHOOK'),
        seq: ctx.store.nextSeq(),
        name,
        targetUrl: url,
        resource,
        event,
        filter: filter(ctx),
        secret: ctx.body.string('secret') || undefined,
        status: 'active' as const,
        created: ctx.store.now(),
        ownedBy: ownedBy(ctx),
        orgId: ctx.store.org.id,
        createdBy: ctx.me.id,
        appId: ctx.viewer.appId,
      });
      ctx.store.webhooks.set(webhook.id, webhook);
      return renderWebhook(webhook);
    },
  },
  { method: 'GET', path: '/webhooks/{id}', scopes: [], handle: (ctx) => renderWebhook(myWebhook(ctx)) },
  {
    method: 'PUT',
    path: '/webhooks/{id}',
    scopes: [],
    handle(ctx) {
      const webhook = myWebhook(ctx);
      const status = ctx.body.string('status');
      if (status !== undefined && status !== 'active' && status !== 'inactive') throw badRequest('status must be active or inactive');
      Object.assign(webhook, compact({ name: ctx.body.requiredString('name'), targetUrl: targetUrl(ctx), secret: ctx.body.string('secret'), status }));
      // Re-activation starts a fresh count of failures.
      if (status === 'active') webhook.failures = undefined;
      return renderWebhook(webhook);
    },
  },
  {
    method: 'DELETE',
    path: '/webhooks/{id}',
    scopes: [],
    handle(ctx) {
      ctx.store.webhooks.delete(myWebhook(ctx).id);
      return undefined;
    },
  },
];
