import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthService } from './auth.service';
import { CredentialsGuard } from './auth.guard';
import { ElementTokenOwners } from './element-token-owners';
import { FirstStart } from './first-start.service';
import { OrganizationRateLimit } from './organization-rate-limit';
import { Organization } from './organization.entity';
import { Revocations } from './revocations';
import { User } from './user.entity';
import { UserHooks } from './user-hooks';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([Organization, User])],
  controllers: [UsersController],
  providers: [AuthService, CredentialsGuard, OrganizationRateLimit, UsersService, FirstStart, Revocations, UserHooks, ElementTokenOwners],
  exports: [AuthService, CredentialsGuard, OrganizationRateLimit, Revocations, UserHooks, ElementTokenOwners],
})
export class AuthModule {}
