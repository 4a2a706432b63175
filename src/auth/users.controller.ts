import { Body, Controller, HttpCode, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiConflictResponse, ApiForbiddenResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly, Credentials, CredentialsGuard, Creds } from './auth.guard';
import { CreateUserDto, OrganizationSecretView, OrganizationView, UserView, UserWithSecretView } from './auth.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /**
   * List the users of the organization
   * @remarks Admins only. Secrets are never listed: they are shown once, when made or rotated.
   */
  @Get('users')
  @AdminOnly()
  list(@Creds() caller: Credentials): Promise<UserView[]> {
    return this.users.list(caller);
  }

  /**
   * Create a user
   * @remarks Admins only. The answer carries the new user's secret, the only time it is shown.
   */
  @HttpCode(200)
  @Post('users')
  @ApiConflictResponse({ description: 'A user with email dev@example.com already exists' })
  @AdminOnly()
  create(@Creds() caller: Credentials, @Body() dto: CreateUserDto): Promise<UserWithSecretView> {
    return this.users.create(caller, dto);
  }

  /**
   * Get a user
   * @remarks Admins only, for the users of their organization.
   */
  @Get('users/:id')
  @AdminOnly()
  get(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<UserView> {
    return this.users.get(caller, id);
  }

  /**
   * Delete a user
   * @remarks Admins only; their secret stops working at once. An admin cannot delete their own user.
   */
  @Delete('users/:id')
  @AdminOnly()
  async remove(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.users.remove(caller, id);
  }

  /**
   * Rotate a user's secret
   * @remarks Admins for anyone in the organization, users for themselves. The new secret is in the answer, this once; the old one stops working at once.
   */
  @HttpCode(200)
  @Post('users/:id/secret')
  @ApiForbiddenResponse({ description: 'Users may rotate only their own secret' })
  rotate(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<UserWithSecretView> {
    return this.users.rotateSecret(caller, id);
  }

  /**
   * Get the caller's organization
   * @remarks Any user of the organization.
   */
  @Get('organizations/me')
  organization(@Creds() caller: Credentials): OrganizationView {
    return this.users.organization(caller);
  }

  /**
   * Rotate the organization secret
   * @remarks Admins only. The new secret is in the answer, this once; every user must send it from now on.
   */
  @HttpCode(200)
  @Post('organizations/me/secret')
  @AdminOnly()
  rotateOrganization(@Creds() caller: Credentials): Promise<OrganizationSecretView> {
    return this.users.rotateOrganizationSecret(caller);
  }
}
