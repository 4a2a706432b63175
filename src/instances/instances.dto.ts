import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
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
}

/** Name and tags: what every write of an instance may set. */
class InstanceLabelsDto {
  @IsOptional() @IsString() @MaxLength(200)
  name?: string;

  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(200, { each: true })
  tags?: string[];
}

export class PatchInstanceDto extends InstanceLabelsDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional() @IsConfigurationMap()
  configuration?: Record<string, string | number | boolean>;
}

/** PUT replaces name, tags and configuration; a new providerData.code re-authorizes. */
export class ReplaceInstanceDto extends InstanceLabelsDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ElementRefDto)
  element?: ElementRefDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => ProviderDataDto)
  providerData?: ProviderDataDto;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 'oauth.api.key': '...', 'oauth.api.secret': '...', 'oauth.callback.url': '...' } })
  @IsConfigurationMap()
  configuration: Record<string, string | number | boolean>;
}

export class CreateInstanceDto extends InstanceLabelsDto {
  @IsObject() @ValidateNested() @Type(() => ElementRefDto)
  element: ElementRefDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => ProviderDataDto)
  providerData?: ProviderDataDto;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 'oauth.api.key': '...', 'oauth.api.secret': '...', 'oauth.callback.url': '...' } })
  @IsConfigurationMap()
  configuration: Record<string, string | number | boolean>;

  /** `initial`: start from `oauth.user.refresh_token` in the configuration instead of a code. */
  @ApiProperty({ enum: ['initial'], required: false })
  @IsOptional() @IsIn(['initial'])
  externalAuthentication?: 'initial';
}

export class ConfigurationEntryView {
  /** The key doubles as the id of a configuration entry. */
  id: string;
  key: string;
  name: string;
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

export class InstanceView {
  id: number;
  name: string;
  /** In full only when the instance is created or its token rotated; `********` elsewhere. */
  token: string;
  element: { id: number; key: string; name: string };
  configuration: Record<string, string>;
  tags: string[];
  valid: boolean;
  disabled: boolean;
  eventsEnabled: boolean;
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
