/** One configuration entry an instance of the element accepts. */
export interface ConfigurationKeyDefinition {
  key: string;
  name: string;
  description: string;
  required?: boolean;
  /** Sealed at rest and shown as `********`. */
  secret?: boolean;
  defaultValue?: string;
  type?: 'text' | 'boolean' | 'number' | 'url' | 'password';
}

export interface OAuthDefinition {
  /** Relative to WEBEX_API_URL. */
  authorizePath: string;
  tokenPath: string;
  defaultScopes: string[];
  /** The API call that tells whose account a token belongs to. */
  accountPath: string;
  /** Refresh this long before the access token expires (fraction of its lifetime). */
  refreshAheadFraction: number;
}

/**
 * A hub resource (e.g. `channels/{id}/messages`) and the Webex call each of its operations maps
 * onto. The hub call feature owns the details of the mapping.
 */
export interface ResourceDefinition {
  /** The path under `/hubs/{hub}/`, with `{name}` placeholders. */
  path: string;
  description?: string;
  /** The operations offered, by name: list, create, get, update, patch, delete. */
  operations: string[];
}

/**
 * An element: everything the hub knows about one provider, as data. The OAuth, instances, hub
 * call, docs and events code read it; supporting more of Webex is an edit here.
 */
export interface ElementDefinition<Resource extends ResourceDefinition = ResourceDefinition> {
  id: number;
  key: string;
  name: string;
  description: string;
  hub: string;
  authentication: { type: 'oauth2' };
  oauth: OAuthDefinition;
  configuration: ConfigurationKeyDefinition[];
  resources: Resource[];
}
