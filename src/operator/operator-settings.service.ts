import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { Organization } from '../auth/organization.entity';
import { User } from '../auth/user.entity';
import { sha256Hex } from '../common/secrets';
import { HubConfig } from '../config/hub-config';
import { unknownSettings } from '../config/setting-names';
import { ConsoleAdmin } from '../console/console-admin.entity';
import { AdvisoryLock, lockForTransaction } from '../common/shared-database';
import { ADMIN_EMAIL, defaultOrganization, findUser, resetConsolePassword, secretTaken, setSecret } from './operator-credentials';

/**
 * The operator's word on every start, not only the first: the stored hashes follow
 * HUB_ORGANIZATION_SECRET, HUB_USER_SECRET and HUB_CONSOLE_PASSWORD when they are set (unset keeps
 * what is stored), and a variable that looks like a setting but is none gets a warning. Each
 * change is a warn line naming the variable, never its value.
 */
@Injectable()
export class OperatorSettings implements OnApplicationBootstrap {
  private readonly logger = new Logger(OperatorSettings.name);

  constructor(
    private readonly config: HubConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { name, nearest } of unknownSettings()) {
      this.logger.warn(`${name} is not a setting of the hub and is ignored${nearest ? `: did you mean ${nearest}?` : ''}`);
    }
    const notes = [
      ...(await this.locked(AdvisoryLock.Credentials, (manager) => this.applySecrets(manager))),
      ...(await this.locked(AdvisoryLock.ConsoleAdmins, (manager) => this.applyConsolePassword(manager))),
    ];
    for (const note of notes) this.logger.warn(note);
  }

  /** On an empty database first start makes the organization and its admin with these secrets: nothing to do. */
  private async applySecrets(manager: EntityManager): Promise<string[]> {
    const { HUB_ORGANIZATION_SECRET: organizationSecret, HUB_USER_SECRET: userSecret } = this.config;
    const organization = organizationSecret || userSecret ? await defaultOrganization(manager) : null;
    if (!organization) return [];
    const notes: string[] = [];
    if (organizationSecret && organization.secretHash !== sha256Hex(organizationSecret)) {
      notes.push(await this.applySecret(manager, Organization, organization.id, organizationSecret, 'HUB_ORGANIZATION_SECRET', `the secret of organization "${organization.name}"`));
    }
    if (userSecret) {
      const user = await findUser(manager, organization.id, ADMIN_EMAIL);
      if (!user) notes.push(`HUB_USER_SECRET not applied: there is no user ${ADMIN_EMAIL} any more`);
      else if (user.secretHash !== sha256Hex(userSecret)) notes.push(await this.applySecret(manager, User, user.id, userSecret, 'HUB_USER_SECRET', `the secret of user ${ADMIN_EMAIL}`));
    }
    return notes;
  }

  private async applySecret(manager: EntityManager, target: typeof Organization | typeof User, id: number, secret: string, variable: string, what: string): Promise<string> {
    if (await secretTaken(manager, target, secret)) return `${variable} not applied: another ${target === User ? 'user' : 'organization'} has that secret`;
    await setSecret(manager, target, id, secret);
    return `${variable} applied: ${what} changed to the one it gives`;
  }

  /** HUB_CONSOLE_PASSWORD is the password of the console admin HUB_CONSOLE_ADMIN names; one argon2 check a start when unchanged. */
  private async applyConsolePassword(manager: EntityManager): Promise<string[]> {
    const { HUB_CONSOLE_ADMIN: username, HUB_CONSOLE_PASSWORD: password } = this.config;
    if ((await manager.count(ConsoleAdmin)) === 0) return [];
    const admin = await manager.findOneBy(ConsoleAdmin, { username });
    if (!admin) {
      const others = (await manager.find(ConsoleAdmin, { order: { id: 'ASC' }, take: 10 })).map((a) => `"${a.username}"`).join(', ');
      return [
        `HUB_CONSOLE_ADMIN names no console admin ("${username}")${password ? ', so HUB_CONSOLE_PASSWORD was not applied' : ''}. ` +
          `Console admins: ${others}; reset a password with: npm run hub -- console-password <username>`,
      ];
    }
    if (!password || (await argon2.verify(admin.passwordHash, password))) return [];
    await resetConsolePassword(manager, admin, password);
    return [`HUB_CONSOLE_PASSWORD applied: console admin "${username}" has the password it gives; its lockout and sessions were ended`];
  }

  private locked(lock: AdvisoryLock, work: (manager: EntityManager) => Promise<string[]>): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      await lockForTransaction(this.dataSource, manager, lock);
      return work(manager);
    });
  }
}
