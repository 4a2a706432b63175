import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConsoleErrorCode, ConsoleException } from './console.exception';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, Repository } from 'typeorm';
import { Organization } from '../auth/organization.entity';
import { HubConfig } from '../config/hub-config';
import { notFound } from '../common/common.exception';
import { newSecret } from '../common/secrets';
import { ConsoleAdmin } from './console-admin.entity';
import { forgetFailedLogins } from './console-login-throttle.service';
import { AdminCreateDto, AdminUpdateDto, PasswordDto, ProfileDto } from './console.dto';
import type { ConsoleContext } from './console.guard';
import { ConsoleSessions, hashPassword, newPasswordColumns } from './console-sessions.service';
import { AdvisoryLock, lockForTransaction } from '../common/shared-database';
import { StartupNotes } from '../lifecycle/startup-notes';

/** Console admins: the super admin made on first start, the ones it manages, and everyone's own profile. */
@Injectable()
export class ConsoleAdmins implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConsoleAdmins.name);

  constructor(
    private readonly config: HubConfig,
    private readonly dataSource: DataSource,
    private readonly sessions: ConsoleSessions,
    @InjectRepository(ConsoleAdmin) private readonly admins: Repository<ConsoleAdmin>,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly notes: StartupNotes,
  ) {}

  /**
   * The super admin of the first organization, when there is no console admin yet. The password
   * comes from HUB_CONSOLE_PASSWORD, or is random and shown once in the start-up banner on stderr (never in the log).
   */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.admins.count()) > 0) return;
    const password = this.config.HUB_CONSOLE_PASSWORD ?? newSecret(18);
    const passwordHash = await hashPassword(password);
    const username = this.config.HUB_CONSOLE_ADMIN;
    const created = await this.dataSource.transaction(async (manager) => {
      // Replicas starting together: the first takes the lock and creates, the others find it done.
      await lockForTransaction(this.dataSource, manager, AdvisoryLock.ConsoleAdmins);
      if ((await manager.count(ConsoleAdmin)) > 0) return false;
      const [organization] = await manager.find(Organization, { order: { id: 'ASC' }, take: 1 });
      if (!organization) return false;
      await manager.save(manager.create(ConsoleAdmin, { username, displayName: 'Console super admin', role: 'super', passwordHash, organizationId: organization.id }));
      return true;
    });
    if (!created) return;
    this.logger.log(`First start: created the console super admin "${username}"`);
    if (!this.config.HUB_CONSOLE_PASSWORD) {
      this.notes.addSecret('Console login', `user "${username}", password ${password}`);
    }
  }

  list(): Promise<ConsoleAdmin[]> {
    return this.admins.find({ order: { id: 'ASC' } });
  }

  listOrganizations(): Promise<Organization[]> {
    return this.organizations.find({ order: { id: 'ASC' } });
  }

  async get(id: number): Promise<ConsoleAdmin> {
    const admin = await this.admins.findOneBy({ id });
    if (!admin) throw notFound('Console admin', id);
    return admin;
  }

  async create(dto: AdminCreateDto): Promise<ConsoleAdmin> {
    await this.assertOrganization(dto.organizationId);
    if (await this.admins.existsBy({ username: dto.username })) throw new ConsoleException(ConsoleErrorCode.USERNAME_TAKEN, `The username ${dto.username} is taken`);
    const passwordHash = await hashPassword(dto.password);
    return this.admins.save(
      this.admins.create({ username: dto.username, displayName: dto.displayName, email: dto.email ?? null, role: dto.role, organizationId: dto.organizationId, passwordHash }),
    );
  }

  /** A new password logs the admin out everywhere else and lifts its slow-downs. */
  async update(actor: ConsoleContext, id: number, dto: AdminUpdateDto): Promise<ConsoleAdmin> {
    const admin = await this.get(id);
    if (admin.id === actor.admin.id && dto.role !== admin.role) throw new ConsoleException(ConsoleErrorCode.ADMIN_CHANGE_REFUSED, 'You cannot change your own role: the console must keep a super admin');
    await this.assertOrganization(dto.organizationId);
    Object.assign(admin, { displayName: dto.displayName, email: dto.email ?? null, role: dto.role, organizationId: dto.organizationId });
    if (dto.password) Object.assign(admin, await newPasswordColumns(dto.password));
    const saved = await this.admins.save(admin);
    if (dto.password) {
      await forgetFailedLogins(this.dataSource.manager, admin.username);
      await this.sessions.endSessionsOf(admin.id, actor.sessionId);
    }
    return saved;
  }

  async remove(actor: ConsoleContext, id: number): Promise<void> {
    const admin = await this.get(id);
    if (admin.id === actor.admin.id) throw new ConsoleException(ConsoleErrorCode.ADMIN_CHANGE_REFUSED, 'You cannot remove yourself');
    await this.admins.delete({ id: admin.id });
  }

  async updateProfile(actor: ConsoleContext, dto: ProfileDto): Promise<void> {
    await this.admins.update({ id: actor.admin.id }, { displayName: dto.displayName, email: dto.email ?? null });
  }

  async changePassword(actor: ConsoleContext, dto: PasswordDto): Promise<void> {
    const admin = await this.get(actor.admin.id);
    if (!(await argon2.verify(admin.passwordHash, dto.currentPassword))) throw new ConsoleException(ConsoleErrorCode.WRONG_PASSWORD, 'The current password is wrong; the password was not changed');
    await this.admins.update({ id: admin.id }, { passwordHash: await hashPassword(dto.newPassword) });
    await this.sessions.endSessionsOf(admin.id, actor.sessionId);
  }

  async organizationName(id: number): Promise<string> {
    return (await this.organizations.findOneBy({ id }))?.name ?? `Organization ${id}`;
  }

  private async assertOrganization(id: number): Promise<void> {
    if (!(await this.organizations.existsBy({ id }))) throw new ConsoleException(ConsoleErrorCode.UNKNOWN_ORGANIZATION, `There is no organization ${id}`);
  }
}
