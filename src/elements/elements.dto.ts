import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** The fields of `GET|POST /elements/{keyOrId}/oauth/url`; apiKey and callbackUrl are required. */
export class OAuthUrlRequestDto {
  @IsOptional() @IsString() @MaxLength(512)
  apiKey?: string;

  /** Accepted for Cloud Elements compatibility; the URL never carries it. */
  @IsOptional() @IsString() @MaxLength(512)
  apiSecret?: string;

  @IsOptional() @IsString() @MaxLength(2048)
  callbackUrl?: string;

  @IsOptional() @IsString() @MaxLength(1024)
  state?: string;

  @IsOptional() @IsString() @MaxLength(2048)
  scope?: string;

  @IsOptional() @IsString() @MaxLength(256)
  codeChallenge?: string;

  @ApiProperty({ enum: ['S256'], required: false })
  @IsOptional() @IsIn(['S256'])
  codeChallengeMethod?: string;
}

export class OAuthUrlView {
  oauthUrl: string;
  element: string;
  /** Present when the hub made the state because the caller gave none. */
  state?: string;
}

/** One configuration key an element accepts, in Cloud Elements' shape (`GET /elements/{keyOrId}/configuration`). */
export class ConfigurationKeyView {
  key: string;
  name: string;
  description: string;
  /** text, boolean, number, url or password. */
  type: string;
  required: boolean;
  defaultValue?: string;
  /** Filled in by the hub rather than by whoever connects an account. */
  hideFromConsole: boolean;
  /** Sealed at rest and shown as `********` (the hub's own field). */
  secret: boolean;
  /** Position in the element's list, from 1. */
  displayOrder: number;
  active: boolean;
}

/** One operation of a hub resource, in Cloud Elements' shape: the hub path and the Webex call behind it. */
export class ElementResourceView {
  /** `/hubs/collaboration/channels/{id}` */
  path: string;
  method: string;
  /** `/rooms/{id}` */
  vendorPath: string;
  vendorMethod: string;
  description: string;
  /** Always `api`: every resource is a call to the provider. */
  type: string;
  /** The hub's operation name: list, create, get, update, patch or delete. */
  operation: string;
}

export class ElementAuthenticationView {
  type: string;
}

/** The fields that name an element, in every view of it. */
export class ElementIdentityView {
  id: number;
  name: string;
  key: string;
  description: string;
  /** The element's logo (a data: URI). */
  image: string;
  active: boolean;
  hub: string;
}

/** An element as embedded in an instance (Cloud Elements' create-instance answer): without its configuration keys and resources. */
export class ElementSummaryView extends ElementIdentityView {
  deleted: boolean;
  typeOauth: boolean;
  trialAccount: boolean;
  /** Cloud Elements' transformations, bulk, cloning and element extension: the hub offers none. */
  transformationsEnabled: boolean;
  bulkDownloadEnabled: boolean;
  bulkUploadEnabled: boolean;
  cloneable: boolean;
  extendable: boolean;
  extended: boolean;
  private: boolean;
  beta: boolean;
  authentication: ElementAuthenticationView;
}

/** An element in Cloud Elements' shape (`GET /elements/{keyOrId}`), and the hub's own defaultScopes. */
export class ElementView extends ElementSummaryView {
  configuration: ConfigurationKeyView[];
  resources: ElementResourceView[];
  /** Cloud Elements' element hooks and parameters: the hub's element has none. */
  hooks: object[];
  parameters: object[];
  defaultScopes: string[];
}

export class ElementEventsView {
  supported: boolean;
  /** `webhook`: Webex calls the hub, which relays to the instance's callback URL. */
  methods: string[];
}

/** `GET /elements/{keyOrId}/metadata?expand=true`: one hub resource, what it offers. */
export class ResourceMetadataView {
  canonicalName: string;
  operations: string[];
  events: ElementEventsView & { eventTypes: string[] };
}

export class ElementApiView {
  type: string;
  contentType: string;
}

/** `GET /elements/{keyOrId}/metadata`: what an element supports, in Cloud Elements' shape. */
export class ElementMetadataView extends ElementIdentityView {
  beta: boolean;
  elementType: string;
  authenticationType: string;
  /** Paging is the hub's own (nextPage and pageSize) for every list. */
  normalizedPaging: boolean;
  transformations: boolean;
  cloneable: boolean;
  events: ElementEventsView;
  discovery: { customFields: boolean; customObjects: boolean; endpointCustomFields: boolean; endpointCustomObjects: boolean };
  bulk: { upload: boolean; download: boolean };
  api: ElementApiView;
  /** With expand=true. */
  resources?: ResourceMetadataView[];
}

export class MetadataQueryDto {
  /** true: list each resource with its operations and events. */
  @IsOptional() @IsIn(['true', 'false'])
  expand?: string;
}

/** A hub (`GET /hubs/{key}`), in Cloud Elements' shape. */
export class HubView {
  key: string;
  name: string;
  description: string;
  active: boolean;
  /** With hydrate=true: the resources the hub's elements offer under it. */
  resources?: ElementResourceView[];
}

export class HubQueryDto {
  /** true: each hub with the resources its elements offer. */
  @IsOptional() @IsIn(['true', 'false'])
  hydrate?: string;
}
