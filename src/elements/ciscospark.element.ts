import { collaboration } from './collaboration.hub';
import { ConfigurationKeyDefinition, ElementDefinition, HubOperation, ResourceDefinition, WebexFilter, WebexOperation } from './element.types';

const configuration: ConfigurationKeyDefinition[] = [
  { key: 'oauth.api.key', name: 'Client ID', description: 'Client ID of the Webex integration', required: true },
  { key: 'oauth.api.secret', name: 'Client Secret', description: 'Client secret of the Webex integration', required: true, secret: true, type: 'password' },
  { key: 'oauth.callback.url', name: 'Callback URL', description: 'Redirect URI registered with the integration', required: true, type: 'url' },
  { key: 'oauth.scope', name: 'Scopes', description: 'Space separated Webex scopes', defaultValue: 'spark:all spark:kms' },
  { key: 'oauth.user.refresh_token', name: 'Refresh token', description: 'With externalAuthentication "initial": the refresh token to start from', secret: true, type: 'password' },
  { key: 'oauth.user.refresh_interval', name: 'Refresh interval', description: 'Seconds between token refreshes (filled in from the token response)', type: 'number', hideFromConsole: true },
  { key: 'oauth.user.refresh_time', name: 'Last refresh', description: 'Epoch milliseconds of the last grant or refresh', type: 'number', hideFromConsole: true },
  { key: 'filter.response.nulls', name: 'Strip nulls', description: 'Remove null fields from responses', defaultValue: 'true', type: 'boolean' },
  { key: 'pagination.max', name: 'Maximum page size', description: 'Largest pageSize a hub call may ask for', defaultValue: '100', type: 'number' },
  { key: 'event.notification.enabled', name: 'Events enabled', description: 'Relay Webex webhooks to the callback URL', defaultValue: 'false', type: 'boolean' },
  { key: 'event.vendor.type', name: 'Event type', description: 'webhook (or webhooks); polling where webhooks cannot reach the hub', defaultValue: 'webhook' },
  { key: 'event.notification.callback.url', name: 'Event callback URL', description: 'Where the hub posts events', type: 'url' },
  { key: 'event.notification.signature.key', name: 'Event signature key', description: 'Key for Elements-Webhook-Signature and webhook-signature', secret: true, type: 'password' },
  { key: 'event.objects', name: 'Watched resources', description: 'Comma separated Webex resources to watch', defaultValue: 'messages,memberships,rooms' },
];

const ALL: HubOperation[] = ['list', 'create', 'get', 'update', 'patch', 'delete'];
const ITEM_OPERATIONS: HubOperation[] = ['get', 'update', 'patch', 'delete'];
// What each Webex list parameter does (docs/cloud-elements-ceql.md): the hub pushes a `where`
// down to Webex only as far as Webex honours it exactly, and checks the rest itself.
const ROOM_FILTERS: Record<string, WebexFilter> = { type: 'exact', sortBy: 'input' };
const MESSAGE_FILTERS: Record<string, WebexFilter> = { parentId: 'exact', mentionedPeople: 'input', before: 'input', beforeMessage: 'input' };
const PEOPLE_FILTERS: Record<string, WebexFilter> = { email: 'input', displayName: 'superset', id: 'superset', roles: 'input', orgId: 'exact' };
// Webex lists rooms by creation or last activity on request, newest first; messages and events newest first.
const ROOM_ORDERS = { 'created desc': { sortBy: 'created' }, 'lastActivity desc': { sortBy: 'lastactivity' } };
const NEWEST_FIRST = { 'created desc': {} };

/**
 * A collection over one Webex path and, when it has item operations, its `{id}` items:
 * `items('channels', '/rooms', ...)` gives `channels` (list, create) and `channels/{id}` (get,
 * update, patch, delete), each item a Webex `schema` (`Room`). `bind` ties the collection to a parent (`roomId` from `{channelId}`).
 */
function items(
  path: string,
  webexPath: string,
  description: string,
  operations: HubOperation[],
  schema: string,
  options: { where?: Record<string, WebexFilter>; orders?: WebexOperation['orders']; bind?: Record<string, string>; secretFields?: string[] } = {},
): ResourceDefinition[] {
  const { where, orders, bind, secretFields } = options;
  const calls: Record<HubOperation, WebexOperation> = {
    list: { call: `GET ${webexPath}`, ...(bind && { bind }), ...(where && { where }), ...(orders && { orders }) },
    create: { call: `POST ${webexPath}`, ...(bind && { bind }) },
    get: { call: `GET ${webexPath}/{id}` },
    update: { call: `PUT ${webexPath}/{id}` },
    patch: { call: `PUT ${webexPath}/{id}`, merge: true },
    delete: { call: `DELETE ${webexPath}/{id}` },
  };
  const pick = (names: HubOperation[]) => {
    const offered = names.filter((name) => operations.includes(name));
    return { operations: offered, schema, webex: Object.fromEntries(offered.map((name) => [name, calls[name]])), ...(secretFields && { secretFields }) };
  };
  const collection = pick(['list', 'create']);
  const item = pick(ITEM_OPERATIONS);
  return [
    ...(collection.operations.length ? [{ path, description, ...collection }] : []),
    ...(item.operations.length ? [{ path: `${path}/{id}`, description: `One of ${description.charAt(0).toLowerCase()}${description.slice(1)}`, ...item }] : []),
  ];
}

/**
 * The hub resources: Cloud Elements' collaboration names first, then Webex's own names. Adding one
 * is a line here; routing, `where`, paging and the OpenAPI documents follow from it.
 */
const resources: ResourceDefinition[] = [
  ...items('channels', '/rooms', 'Channels (Webex rooms)', ALL, 'Room', { where: { teamId: 'exact', ...ROOM_FILTERS }, orders: ROOM_ORDERS }),
  ...items('channels/{channelId}/messages', '/messages', 'Messages of a channel, newest first', ['list', 'create'], 'Message', { bind: { roomId: 'channelId' }, where: MESSAGE_FILTERS, orders: NEWEST_FIRST }),
  ...items('channels/{channelId}/users', '/memberships', 'Members of a channel (Webex memberships)', ALL, 'Membership', { bind: { roomId: 'channelId' }, where: { personEmail: 'superset', personId: 'exact' } }),
  ...items('groups', '/teams', 'Groups (Webex teams)', ALL, 'Team'),
  ...items('groups/{groupId}/channels', '/rooms', 'Channels of a group', ['list', 'create'], 'Room', { bind: { teamId: 'groupId' }, where: ROOM_FILTERS, orders: ROOM_ORDERS }),
  ...items('groups/{groupId}/users', '/team/memberships', 'Members of a group (Webex team memberships)', ALL, 'TeamMembership', { bind: { teamId: 'groupId' } }),
  ...items('users', '/people', 'Users (Webex people; creating, updating and deleting needs an admin)', ALL, 'Person', { where: PEOPLE_FILTERS }),
  { path: 'accounts', description: 'The connected Webex account', operations: ['get'], schema: 'Person', webex: { get: { call: 'GET /people/me' } } },
  ...items('organizations', '/organizations', 'Webex organizations', ['list', 'get'], 'Organization'),
  ...items('rooms', '/rooms', 'Webex rooms', ALL, 'Room', { where: { teamId: 'exact', ...ROOM_FILTERS }, orders: ROOM_ORDERS }),
  ...items('messages', '/messages', 'Webex messages (list needs roomId)', ['list', 'create', 'get', 'update', 'delete'], 'Message', { where: { roomId: 'exact', ...MESSAGE_FILTERS }, orders: NEWEST_FIRST }),
  ...items('memberships', '/memberships', 'Webex room memberships', ALL, 'Membership', { where: { roomId: 'exact', personId: 'exact', personEmail: 'superset' } }),
  ...items('people', '/people', 'Webex people', ALL, 'Person', { where: PEOPLE_FILTERS }),
  ...items('teams', '/teams', 'Webex teams', ALL, 'Team'),
  ...items('team-memberships', '/team/memberships', 'Webex team memberships (list needs teamId)', ALL, 'TeamMembership', { where: { teamId: 'exact' } }),
  // A webhook's secret signs its deliveries (the hub's own among them): never handed back.
  ...items('webhooks', '/webhooks', 'Webex webhooks', ALL, 'Webhook', { where: { ownedBy: 'input' }, secretFields: ['secret'] }),
  ...items('attachment-actions', '/attachment/actions', 'Webex attachment actions (card submissions)', ['create', 'get'], 'AttachmentActivity'),
  ...items('events', '/events', 'Webex compliance events (compliance officers)', ['list', 'get'], 'Event', { where: { resource: 'exact', type: 'exact', actorId: 'exact', from: 'input', to: 'input' }, orders: NEWEST_FIRST }),
  ...items('room-tabs', '/room/tabs', 'Webex room tabs (list needs roomId)', ALL, 'RoomTab', { where: { roomId: 'exact' } }),
  ...items('licenses', '/licenses', 'Webex licenses (admins)', ['list', 'get'], 'License', { where: { orgId: 'superset' } }),
  ...items('roles', '/roles', 'Webex roles (admins)', ['list', 'get'], 'Role'),
];

// A plain mark of the hub's own (not Cisco's logo), inline so that no route serves it.
const IMAGE = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#0a7d6f"/><text x="32" y="42" font-family="sans-serif" font-size="28" text-anchor="middle" fill="#fff">W</text></svg>',
)}`;

/** Cisco Webex (formerly Spark), the collaboration hub's element. */
export const ciscospark: ElementDefinition = {
  id: 1,
  key: 'ciscospark',
  name: 'Cisco Webex',
  description: 'Webex messaging: rooms, messages, memberships, people, teams and webhooks',
  hub: collaboration.key,
  image: IMAGE,
  active: true,
  authentication: { type: 'oauth2' },
  // The Webex webhook resources of the messaging API (event.objects names some of them).
  events: { methods: ['webhook'], resources: ['rooms', 'messages', 'memberships', 'attachmentActions'] },
  oauth: {
    authorizePath: '/authorize',
    tokenPath: '/access_token',
    defaultScopes: ['spark:all', 'spark:kms'],
    accountPath: '/people/me',
    refreshAheadFraction: 0.2,
  },
  configuration,
  resources,
};
