import { ConfigurationKeyDefinition, ElementDefinition } from './element.types';

const configuration: ConfigurationKeyDefinition[] = [
  { key: 'oauth.api.key', name: 'Client ID', description: 'Client ID of the Webex integration', required: true },
  { key: 'oauth.api.secret', name: 'Client Secret', description: 'Client secret of the Webex integration', required: true, secret: true, type: 'password' },
  { key: 'oauth.callback.url', name: 'Callback URL', description: 'Redirect URI registered with the integration', required: true, type: 'url' },
  { key: 'oauth.scope', name: 'Scopes', description: 'Space separated Webex scopes', defaultValue: 'spark:all spark:kms' },
  { key: 'oauth.user.refresh_token', name: 'Refresh token', description: 'With externalAuthentication "initial": the refresh token to start from', secret: true, type: 'password' },
  { key: 'oauth.user.refresh_interval', name: 'Refresh interval', description: 'Seconds between token refreshes (filled in from the token response)', type: 'number' },
  { key: 'oauth.user.refresh_time', name: 'Last refresh', description: 'Epoch milliseconds of the last grant or refresh', type: 'number' },
  { key: 'filter.response.nulls', name: 'Strip nulls', description: 'Remove null fields from responses', defaultValue: 'true', type: 'boolean' },
  { key: 'pagination.max', name: 'Maximum page size', description: 'Largest pageSize a hub call may ask for', defaultValue: '100', type: 'number' },
  { key: 'event.notification.enabled', name: 'Events enabled', description: 'Relay Webex webhooks to the callback URL', defaultValue: 'false', type: 'boolean' },
  { key: 'event.vendor.type', name: 'Event type', description: 'webhook (or webhooks); polling where webhooks cannot reach the hub', defaultValue: 'webhook' },
  { key: 'event.notification.callback.url', name: 'Event callback URL', description: 'Where the hub posts events', type: 'url' },
  { key: 'event.notification.signature.key', name: 'Event signature key', description: 'Key for Elements-Webhook-Signature and webhook-signature', secret: true, type: 'password' },
  { key: 'event.objects', name: 'Watched resources', description: 'Comma separated Webex resources to watch', defaultValue: 'messages,memberships,rooms' },
];

/** Cisco Webex (formerly Spark), the collaboration hub's element. */
export const ciscospark: ElementDefinition = {
  id: 1,
  key: 'ciscospark',
  name: 'Cisco Webex',
  description: 'Webex messaging: rooms, messages, memberships, people, teams and webhooks',
  hub: 'collaboration',
  authentication: { type: 'oauth2' },
  oauth: {
    authorizePath: '/authorize',
    tokenPath: '/access_token',
    defaultScopes: ['spark:all', 'spark:kms'],
    accountPath: '/people/me',
    refreshAheadFraction: 0.2,
  },
  configuration,
  resources: [],
};
