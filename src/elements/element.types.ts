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
  /** Filled in by the hub, not asked of whoever connects an account (Cloud Elements' hideFromConsole). */
  hideFromConsole?: boolean;
}

/** A hub: the family of providers whose elements share one normalized API (`/hubs/{key}/...`). */
export interface HubDefinition {
  key: string;
  name: string;
  description: string;
  active: boolean;
}

/** What an element's instances can tell a caller about changes at the provider. */
export interface ElementEvents {
  /** How the hub learns of changes: `webhook` (the provider calls the hub). */
  methods: 'webhook'[];
  /** The provider's webhook resources an instance may watch (its `event.objects`). */
  resources: string[];
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

/** What a hub resource offers; the HTTP verb follows (list/get GET, create POST, update PUT, patch PATCH, delete DELETE). */
export type HubOperation = 'list' | 'create' | 'get' | 'update' | 'patch' | 'delete';

/**
 * What Webex does with a list call's query parameter, for a `where` field of the same name:
 * `exact` returns exactly the items whose field equals the value; `superset` narrows loosely (a
 * prefix, any case, a comma list), so the hub checks the condition again; `input` is no field of
 * the items (`before`, `email`), so it can only be sent as `name = 'value'` joined by AND.
 */
export type WebexFilter = 'exact' | 'superset' | 'input';

/** The Webex call one hub operation maps onto. */
export interface WebexOperation {
  /** `GET /messages`, `PUT /rooms/{id}`: `{name}` is filled from the hub path's parameter of that name. */
  call: string;
  /** Webex field -> hub path parameter: a query parameter on GET/DELETE, a body field on POST/PUT. */
  bind?: Record<string, string>;
  /** Webex query parameters a caller may set (by `where` or as plain query parameters), and what Webex does with each. */
  where?: Record<string, WebexFilter>;
  /** The `orderBy`s a list call gives exactly (`created desc`), and the Webex parameters that give it (`{}` for its own order). */
  orders?: Record<string, Record<string, string>>;
  /** PATCH: read the object, merge the body into it and PUT the result (Webex has no PATCH). */
  merge?: boolean;
}

/**
 * A hub resource (e.g. `channels/{channelId}/messages`) and the Webex call each of its operations
 * maps onto; the hub call feature (src/hubs) routes, documents and normalizes from it.
 */
export interface ResourceDefinition {
  /** The path under `/hubs/{hub}/`, with `{name}` placeholders. */
  path: string;
  description?: string;
  /** The operations offered, by name: list, create, get, update, patch, delete. */
  operations: HubOperation[];
  webex: Partial<Record<HubOperation, WebexOperation>>;
  /**
   * The Webex OpenAPI schema of one item (`Room`, `Message`), as named in the vendored Webex
   * documents (emulator/openapi): the hub's API documents show its fields.
   */
  schema?: string;
  /** Fields Webex answers with that are secrets (a webhook's `secret`): shown as `********`. */
  secretFields?: string[];
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
  /** The key of the hub (a HubDefinition) the element belongs to. */
  hub: string;
  /** The element's logo: a URL, or a data: URI that needs no route of its own. */
  image: string;
  /** Whether new instances may be created (Cloud Elements' `active`). */
  active: boolean;
  authentication: { type: 'oauth2' };
  oauth: OAuthDefinition;
  events: ElementEvents;
  configuration: ConfigurationKeyDefinition[];
  resources: Resource[];
}
