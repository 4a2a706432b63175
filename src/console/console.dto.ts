import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { INSTANCE_STATUSES, InstanceStatus } from '../instances/instance-listing';
import type { ConsoleRole } from './console-admin.entity';

// HTML forms send every field, blank when left empty: blank means "not given".
const blankToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const USERNAME = /^[A-Za-z0-9._@-]{1,100}$/;

/** The password rule, as the forms state it and the DTOs check it. */
export const PASSWORD_RULE = 'At least 10 characters, at most 200.';

export class LoginDto {
  @IsString() @MaxLength(100)
  username: string;

  @IsString() @MaxLength(200)
  password: string;
}

/** The instances page's query: its search form, and the next-page link it draws. */
export class InstancesQueryDto {
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(200, { message: 'Search for at most 200 characters' })
  search?: string;

  @Transform(blankToUndefined) @IsOptional() @IsIn(INSTANCE_STATUSES, { message: 'The status must be valid, invalid or disabled' })
  status?: InstanceStatus;

  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(1024)
  next?: string;

  /** Only numbers the page for the reader; `next` says where it starts. */
  @Transform(blankToUndefined) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page?: number;

  /** A notice to show (see NOTICES). */
  @IsOptional() @IsString() @MaxLength(50)
  done?: string;
}

export class ConnectDto {
  @Transform(trimmed) @IsString() @Length(1, 200, { message: 'Name the instance (1 to 200 characters)' })
  name: string;

  /** Comma separated. */
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(2000)
  tags?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(500)
  clientId?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(500)
  clientSecret?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(2000)
  scope?: string;
}

/** "Add from a token": a bot token or personal access token instead of a trip to Webex's consent page. */
export class ConnectTokenDto {
  @Transform(trimmed) @IsString() @Length(1, 200, { message: 'Name the instance (1 to 200 characters)' })
  name: string;

  /** Comma separated. */
  @Transform(blankToUndefined) @IsOptional() @IsString() @MaxLength(2000)
  tags?: string;

  @Transform(trimmed) @IsString() @Length(1, 4096, { message: 'Paste the access token (a bot token or a personal access token)' })
  accessToken: string;
}

export class ProfileDto {
  @Transform(trimmed) @IsString() @Length(1, 200, { message: 'The display name must be 1 to 200 characters' })
  displayName: string;

  @Transform(blankToUndefined) @IsOptional() @IsEmail({}, { message: 'The email is not a valid address' }) @MaxLength(320)
  email?: string;
}

export class PasswordDto {
  @IsString() @MaxLength(200)
  currentPassword: string;

  @IsString() @Length(10, 200, { message: 'The new password must be 10 to 200 characters' })
  newPassword: string;
}

class AdminFieldsDto extends ProfileDto {
  @IsIn(['super', 'admin'], { message: 'The role must be super or admin' })
  role: ConsoleRole;

  @Type(() => Number) @IsInt({ message: 'Choose an organization' }) @Min(1)
  organizationId: number;
}

export class AdminUpdateDto extends AdminFieldsDto {
  /** Blank keeps the current password. */
  @Transform(blankToUndefined) @IsOptional() @IsString() @Length(10, 200, { message: 'The password must be 10 to 200 characters' })
  password?: string;
}

export class AdminCreateDto extends AdminFieldsDto {
  @Transform(trimmed) @IsString() @Matches(USERNAME, { message: 'The username must be 1 to 100 letters, digits or . _ @ -' })
  username: string;

  @IsString() @Length(10, 200, { message: 'The password must be 10 to 200 characters' })
  password: string;
}
