import type { HubConfig } from './hub-config';

/** A Webex integration's OAuth client, in clear. */
export interface IntegrationClient {
  clientId: string;
  clientSecret: string;
}

/**
 * The integration to connect an account with: the one given, else the hub's default
 * (HUB_CONSOLE_CLIENT_ID and _SECRET). The default secret goes only with the default client id, so
 * another client id given without its secret is incomplete. Undefined when no integration is
 * complete: the console and connect sessions each say so in their own words.
 */
export function integrationOf(config: Pick<HubConfig, 'HUB_CONSOLE_CLIENT_ID' | 'HUB_CONSOLE_CLIENT_SECRET'>, given: Partial<IntegrationClient>): IntegrationClient | undefined {
  const clientId = given.clientId || config.HUB_CONSOLE_CLIENT_ID;
  const clientSecret = given.clientSecret || (clientId === config.HUB_CONSOLE_CLIENT_ID ? config.HUB_CONSOLE_CLIENT_SECRET : undefined);
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}
