import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { UserRole } from './user.entity';

export class CreateUserDto {
  @IsEmail() @MaxLength(320)
  email: string;

  @IsOptional() @IsString() @MaxLength(200)
  firstName?: string;

  @IsOptional() @IsString() @MaxLength(200)
  lastName?: string;

  @ApiProperty({ enum: ['admin', 'user'], required: false, default: 'user' })
  @IsOptional() @IsIn(['admin', 'user'])
  role?: UserRole;
}

export class UserView {
  id: number;
  email: string;
  firstName?: string;
  lastName?: string;
  @ApiProperty({ enum: ['admin', 'user'] })
  role: UserRole;
  organizationId: number;
  createdDate: string;
}

/** Returned once, when a secret is made or rotated: the only time it is shown. */
export class UserWithSecretView extends UserView {
  secret: string;
}

export class OrganizationView {
  id: number;
  name: string;
  createdDate: string;
}

export class OrganizationSecretView extends OrganizationView {
  secret: string;
}
