import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ElementSummaryView } from '../elements/elements.dto';
import { RefreshOutcome, RefreshTrigger } from '../tokens/token-events';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

/** A configuration value: null, or a string, number or boolean of at most 8 KiB. */
function isConfigurationValue(value: unknown): boolean {
  return value === null || (['string', 'number', 'boolean'].includes(typeof value) && String(value).length <= 8192);
}

function validatedBy(name: string, message: string, validate: (value: unknown) => boolean, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({ name, target: target.constructor, propertyName, options: { message, ...options }, validator: { validate } });
}

/** A flat map of at most 100 entries, keys up to 200 characters. */
const IsConfigurationMap = (options?: ValidationOptions) =>
  validatedBy(
    'isConfigurationMap',
    'configuration must be an object of at most 100 string, number or boolean values',
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length <= 100 &&
      Object.entries(value).every(([key, v]) => key.length <= 200 && isConfigurationValue(v)),
    options,
  );

const IsConfigurationValue = (options?: ValidationOptions) =>
  validatedBy('isConfigurationValue', 'propertyValue must be null or a string, number or boolean of at most 8 KiB', isConfigurationValue, options);

export class ElementRefDto {
  @IsOptional() @IsString() @MaxLength(100)
  key?: string;

  @IsOptional() @IsInt()
  id?: number;
}

export class ProviderDataDto {
  /** The `code` Webex put on the callback URL. */
  @IsOptional() @IsString() @MaxLength(4096)
  code?: string;

  /** The PKCE verifier, when the authorize URL carried a code_challenge. */
  @IsOptional() @IsString() @MaxLength(256)
  codeVerifier?: string;

  /** With externalAuthentication `token`: a bot's access token, or a personal access token. */
  @IsOptional() @IsString() @MaxLength(4096)
  accessToken?: string;
}

/** The longest a cached answer may be kept, and the most answers an instance's cache may hold. */
export const MAX_CACHE_TIME_TO_LIVE = 86_400;
export const MAX_CACHE_SIZE = 10_000;

/** Name, tags and Cloud Elements' cache settings: what every write of an instance may set. */
export class InstanceSettingsDto {
  /** HTML tags are removed, as Cloud Elements does. */
  @IsOptional() @IsString() @MaxLength(200)
  name?: string;

  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(200, { each: true })
  tags?: string[];

  @IsOptional() @IsBoolean()
  cachingEnabled?: boolean;

  /** Seconds a cached answer is kept. */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_CACHE_TIME_TO_LIVE)
  cacheTimeToLive?: number;

  /** Answers the instance's cache may hold. */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_CACHE_SIZE)
  maxCacheSize?: number;
}

export class PatchInstanceDto extends InstanceSettingsDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional() @IsConfigurationMap()
  configuration?: Record<string, string | number | boolean>;
}

/** PUT replaces name, tags and configuration; a new providerData.code re-authorizes. */
export class ReplaceInstanceDto extends InstanceSettingsDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ElementRefDto)
  element?: ElementRefDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => ProviderDataDto)
  providerData?: ProviderDataDto;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 'oauth.api.key': '...', 'oauth.api.secret': '...', 'oauth.callback.url': '...' } })
  @IsConfigurationMap()
  configuration: Record<string, string | number | boolean>;
}

export class CreateInstanceDto extends InstanceSettingsDto {
  /** Required, except on `POST /elements/{keyOrId}/instances`, which names the element itself. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ElementRefDto)
  element?: ElementRefDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => ProviderDataDto)
  providerData?: ProviderDataDto;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 'oauth.api.key': '...', 'oauth.api.secret': '...', 'oauth.callback.url': '...' } })
  @IsConfigurationMap()
  configuration: Record<string, string | number | boolean>;

  /**
   * `initial`: start from `oauth.user.refresh_token` in the configuration instead of a code.
   * `token`: use `providerData.accessToken`, a bot token or personal access token, never refreshed.
   */
  @ApiProperty({ enum: ['initial', 'token'], required: false })
  @IsOptional() @IsIn(['initial', 'token'])
  externalAuthentication?: 'initial' | 'token';
}

/** `GET /instances`: all the caller's instances, or one page of them with pageSize. */
export class ListInstancesQueryDto {
  /** Keeps the instances whose name or one of whose tags contains it, ignoring case. */
  @IsOptional() @IsString() @MaxLength(200)
  searchText?: string;

  /** Instances per page; without it, every instance in one answer. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  pageSize?: number;

  /** The elements-next-page-token of the previous page. */
  @IsOptional() @IsString() @MaxLength(1024)
  nextPage?: string;
}

export class ConfigurationEntryView {
  /** The key doubles as the id of a configuration entry. */
  id: string;
  key: string;
  name: string;
  /** From the element definition; empty for a key it does not define. */
  description: string;
  /** text, boolean, number, url or password. */
  type: string;
  required: boolean;
  /** Filled in by the hub rather than by whoever connects an account. */
  hideFromConsole: boolean;
  propertyValue: string | null;
  secret: boolean;
}

export class PatchConfigurationDto {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true })
  @IsConfigurationValue()
  propertyValue: string | number | boolean | null;
}

export class ConnectedAccountView {
  id: string;
  displayName?: string;
  email?: string;
  avatar?: string;
}

/** The hub user an instance belongs to, in Cloud Elements' shape. */
export class InstanceUserView {
  id: number;
  emailAddress: string;
  /** The user's first name, or else the part of the email address before the @. */
  firstName: string;
  /** The user's last name, or else empty. */
  lastName: string;
}

export class InstanceView {
  id: number;
  name: string;
  /** In full only when the instance is created or its token rotated; `********` elsewhere. */
  token: string;
  element: ElementSummaryView;
  elementId: number;
  user: InstanceUserView;
  /** Secret values and the client id (oauth.api.key) are shown as `********`. */
  configuration: Record<string, string>;
  tags: string[];
  valid: boolean;
  disabled: boolean;
  eventsEnabled: boolean;
  /** Cloud Elements' externalAuthentication: `none`, or `initial` when the instance started from a refresh token in its configuration. */
  externalAuthentication: string;
  cachingEnabled: boolean;
  cacheTimeToLive: number;
  maxCacheSize: number;
  traceLoggingEnabled: boolean;
  provisionInteractions: object[];
  createdDate: string;
  updatedDate: string;
  displayName?: string;
  email?: string;
  avatar?: string;
  account?: ConnectedAccountView;
  invalidReason?: string;
  invalidDate?: string;
  lastRefreshDate?: string;
  nextRefreshDate?: string;
  lastRefreshError?: string;
}

/** One refresh attempt of an instance's Webex tokens, as the hub saw it end. */
export class TokenRefreshView {
  /** When it ended. */
  date: string;
  /** REFRESHED, FAILED_RETRYING (the schedule tries again) or INVALIDATED (Webex refused the grant for good: re-authorize). */
  outcome: RefreshOutcome;
  /** Who asked: SCHEDULER, HUB_CALL (the token was stale or Webex refused it), API (POST /instances/{id}/tokens/refresh) or CONSOLE. */
  trigger: RefreshTrigger;
  /** Webex's code when it failed: the OAuth error (invalid_grant), the HTTP status Webex answered, or WEBEX_TIMEOUT / WEBEX_UNREACHABLE. */
  webexCode?: string;
}
