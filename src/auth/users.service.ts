import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/common.exception';
import { AuthErrorCode, AuthException } from './auth.exception';
import { newSecret, sha256Hex } from '../common/secrets';
import { AuthService } from './auth.service';
import { Credentials } from './auth.guard';
import { CreateUserDto, OrganizationSecretView, OrganizationView, UserView, UserWithSecretView } from './auth.dto';
import { Organization } from './organization.entity';
import { User } from './user.entity';
import { UserHooks } from './user-hooks';

/** Users of an organization and their secrets; every change forgets cached credentials. */
@Injectable()
export class UsersService {
  constructor(
    private readonly auth: AuthService,
    private readonly hooks: UserHooks,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async list(caller: Credentials): Promise<UserView[]> {
    const users = await this.users.find({ where: { organizationId: caller.organization.id }, order: { id: 'ASC' } });
    return users.map(userView);
  }

  async get(caller: Credentials, id: number): Promise<UserView> {
    return userView(await this.find(caller, id));
  }

  async create(caller: Credentials, dto: CreateUserDto): Promise<UserWithSecretView> {
    const email = dto.email.toLowerCase();
    if (await this.users.exists({ where: { organizationId: caller.organization.id, email } })) {
      throw new AuthException(AuthErrorCode.USER_EXISTS, `A user with email ${email} already exists`);
    }
    const secret = newSecret();
    const user = await this.users.save(
      this.users.create({
        organizationId: caller.organization.id,
        email,
        firstName: dto.firstName ?? null,
        lastName: dto.lastName ?? null,
        role: dto.role ?? 'user',
        secretHash: sha256Hex(secret),
      }),
    );
    return { ...userView(user), secret };
  }

  async remove(caller: Credentials, id: number): Promise<void> {
    const user = await this.find(caller, id);
    if (user.id === caller.user.id) throw new AuthException(AuthErrorCode.SELF_DELETION_REFUSED, 'An admin cannot delete their own user');
    // Their instances go first, one by one through the instances service (webhooks removed,
    // deletion announced), not by the database cascade that would skip all of that. Should one
    // fail, the user and what is left of their instances stay whole, and deleting again finishes.
    await this.hooks.deleting(user);
    await this.users.delete({ id: user.id });
    await this.auth.forget();
  }

  /** An admin rotates anyone's secret in the organization; a user only their own. */
  async rotateSecret(caller: Credentials, id: number): Promise<UserWithSecretView> {
    if (caller.user.role !== 'admin' && caller.user.id !== id) throw new AuthException(AuthErrorCode.OWN_USER_ONLY, 'Users may rotate only their own secret');
    const user = await this.find(caller, id);
    const secret = newSecret();
    await this.users.update({ id: user.id }, { secretHash: sha256Hex(secret) });
    await this.auth.forget();
    return { ...userView(user), secret };
  }

  organization(caller: Credentials): OrganizationView {
    return organizationView(caller.organization);
  }

  async rotateOrganizationSecret(caller: Credentials): Promise<OrganizationSecretView> {
    const secret = newSecret();
    await this.organizations.update({ id: caller.organization.id }, { secretHash: sha256Hex(secret) });
    await this.auth.forget();
    return { ...organizationView(caller.organization), secret };
  }

  private async find(caller: Credentials, id: number): Promise<User> {
    const user = await this.users.findOne({ where: { id, organizationId: caller.organization.id } });
    if (!user) throw notFound('User', id);
    return user;
  }
}

function userView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    ...(user.firstName && { firstName: user.firstName }),
    ...(user.lastName && { lastName: user.lastName }),
    role: user.role,
    organizationId: user.organizationId,
    createdDate: user.createdAt.toISOString(),
  };
}

function organizationView(organization: Organization): OrganizationView {
  return { id: organization.id, name: organization.name, createdDate: new Date(organization.createdAt).toISOString() };
}
