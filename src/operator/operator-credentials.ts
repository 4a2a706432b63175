import { EntityManager } from 'typeorm';
import { Organization } from '../auth/organization.entity';
import { User } from '../auth/user.entity';
import { sha256Hex } from '../common/secrets';
import { ConsoleAdmin } from '../console/console-admin.entity';
import { forgetFailedLogins } from '../console/console-login-throttle.service';
import { ConsoleSession } from '../console/console-session.entity';
import { newPasswordColumns } from '../console/console-sessions.service';

/** The user first start makes in the default organization; HUB_USER_SECRET is its secret. */
export const ADMIN_EMAIL = 'admin@localhost';

/** The organization first start makes (the first one); HUB_ORGANIZATION_SECRET is its secret. */
export function defaultOrganization(manager: EntityManager): Promise<Organization | null> {
  return manager.findOne(Organization, { where: {}, order: { id: 'ASC' } });
}

export function findUser(manager: EntityManager, organizationId: number, email: string): Promise<User | null> {
  return manager.findOneBy(User, { organizationId, email: email.toLowerCase() });
}

/** Stores the hash of a new secret; the caller tells running hubs to let go of the old one (announceRevocation). */
export async function setSecret(manager: EntityManager, target: typeof Organization | typeof User, id: number, secret: string): Promise<void> {
  await manager.update(target, { id }, { secretHash: sha256Hex(secret) });
}

/** Secret hashes are unique: whether `secret` is already another organization's or user's. */
export function secretTaken(manager: EntityManager, target: typeof Organization | typeof User, secret: string): Promise<boolean> {
  return manager.existsBy(target, { secretHash: sha256Hex(secret) });
}

/** A reset password: hashed, login slow-downs lifted, and every session of the admin ended. */
export async function resetConsolePassword(manager: EntityManager, admin: ConsoleAdmin, password: string): Promise<void> {
  await manager.update(ConsoleAdmin, { id: admin.id }, await newPasswordColumns(password));
  await forgetFailedLogins(manager, admin.username);
  await manager.delete(ConsoleSession, { adminId: admin.id });
}
