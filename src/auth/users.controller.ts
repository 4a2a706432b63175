import { Body, Controller, HttpCode, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly, Credentials, CredentialsGuard, Creds } from './auth.guard';
import { CreateUserDto, OrganizationSecretView, OrganizationView, UserView, UserWithSecretView } from './auth.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users')
  @AdminOnly()
  list(@Creds() caller: Credentials): Promise<UserView[]> {
    return this.users.list(caller);
  }

  @HttpCode(200)
  @Post('users')
  @AdminOnly()
  create(@Creds() caller: Credentials, @Body() dto: CreateUserDto): Promise<UserWithSecretView> {
    return this.users.create(caller, dto);
  }

  @Get('users/:id')
  @AdminOnly()
  get(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<UserView> {
    return this.users.get(caller, id);
  }

  @Delete('users/:id')
  @AdminOnly()
  async remove(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.users.remove(caller, id);
  }

  /** Rotates a user's secret: admins for anyone in the organization, users for themselves. */
  @HttpCode(200)
  @Post('users/:id/secret')
  rotate(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<UserWithSecretView> {
    return this.users.rotateSecret(caller, id);
  }

  @Get('organizations/me')
  organization(@Creds() caller: Credentials): OrganizationView {
    return this.users.organization(caller);
  }

  @HttpCode(200)
  @Post('organizations/me/secret')
  @AdminOnly()
  rotateOrganization(@Creds() caller: Credentials): Promise<OrganizationSecretView> {
    return this.users.rotateOrganizationSecret(caller);
  }
}
