import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import { CreateInstanceDto } from '../instances/instances.dto';
import { CONNECT_STATUSES, type ConnectStatus } from './connect-session.entity';

export const DEFAULT_EXPIRES_IN = 1800;
export const MIN_EXPIRES_IN = 60;
export const MAX_EXPIRES_IN = 86_400;

/**
 * `POST /connect-sessions`: the instance to create, as `POST /instances` takes it but without
 * providerData (the end user brings the grant), or `instanceId`, an instance to re-authorize.
 */
export class CreateConnectSessionDto extends IntersectionType(
  OmitType(CreateInstanceDto, ['providerData', 'externalAuthentication', 'configuration'] as const),
  PartialType(PickType(CreateInstanceDto, ['configuration'] as const)),
) {
  /** An instance of the caller to re-authorize, instead of a new one. */
  @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647)
  instanceId?: number;

  /** Webex scopes to ask for; the configuration's `oauth.scope` or the element's defaults otherwise. */
  @ApiPropertyOptional({ example: ['spark:all', 'spark:kms'] })
  @IsOptional() @IsArray() @ArrayMaxSize(40) @IsString({ each: true }) @Matches(/^[a-z][\w.:-]{0,99}$/i, { each: true, message: 'each scope must be a Webex scope name such as spark:all' })
  scopes?: string[];

  /** Where the browser goes when the end user is done, with `?connectSession=<id>` added. */
  @IsString() @MaxLength(2000) @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'returnUrl must be an absolute http(s) URL' })
  returnUrl: string;

  /** Seconds the link stays usable. */
  @ApiPropertyOptional({ default: DEFAULT_EXPIRES_IN, minimum: MIN_EXPIRES_IN, maximum: MAX_EXPIRES_IN })
  @IsOptional() @IsInt() @Min(MIN_EXPIRES_IN) @Max(MAX_EXPIRES_IN)
  expiresIn?: number;
}

export class ConnectSessionCreatedView {
  /** The session's id: the application reads its status and redeems it with it. */
  @ApiProperty({ format: 'uuid' })
  id: string;

  /** The hub page to send the end user to. Anyone with it may connect, until it is used or expires. */
  url: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export class ConnectSessionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: CONNECT_STATUSES })
  status: ConnectStatus;

  /** The instance created or re-authorized (for a re-authorization, from the start). */
  instanceId?: number;

  /** Why the session ended other than connected. */
  reason?: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}
