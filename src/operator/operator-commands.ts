import { DataSource } from 'typeorm';
import { Organization } from '../auth/organization.entity';
import { announceRevocation } from '../auth/revocations';
import { User } from '../auth/user.entity';
import { newSecret } from '../common/secrets';
import { HubConfig } from '../config/hub-config';
import { ConsoleAdmin } from '../console/console-admin.entity';
import { isSharedDatabase } from '../common/shared-database';
import { EventOutbox } from '../events/event-outbox';
import { OutboxEvent } from '../events/outbox-event.entity';
import { parseDuration } from '../events/retry-schedule';
import { ADMIN_EMAIL, defaultOrganization, findUser, resetConsolePassword, setSecret } from './operator-credentials';

/** A command that cannot do what it was asked; its message is for the person at the terminal. */
export class CommandError extends Error {}

/** The shell commands of `npm run hub`: each changes one credential and returns the lines to show, once. */
export async function consolePassword(dataSource: DataSource, config: HubConfig, username: string, given?: string): Promise<string[]> {
  const password = given ?? newSecret(18);
  await dataSource.transaction(async (manager) => {
    const admin = await manager.findOneBy(ConsoleAdmin, { username });
    if (!admin) {
      const known = (await manager.find(ConsoleAdmin, { order: { id: 'ASC' } })).map((a) => a.username);
      throw new CommandError(`There is no console admin "${username}". Console admins: ${known.join(', ') || 'none yet (start the hub once)'}`);
    }
    await resetConsolePassword(manager, admin, password);
  });
  return [
    given ? `Console admin "${username}" has the new password.` : `Console admin "${username}" can log in with this password (shown once):\n\n  ${password}\n`,
    'Its lockout was lifted and its sessions were ended.',
    ...overriddenBy(config, 'HUB_CONSOLE_PASSWORD', config.HUB_CONSOLE_ADMIN === username),
  ];
}

export async function rotateOrganizationSecret(dataSource: DataSource, config: HubConfig): Promise<string[]> {
  const secret = newSecret();
  const organization = await dataSource.transaction(async (manager) => {
    const organization = await defaultOrganization(manager);
    if (!organization) throw new CommandError('There is no organization yet: start the hub once, and it makes the default organization.');
    await setSecret(manager, Organization, organization.id, secret);
    return organization;
  });
  const revoked = await revokedEverywhere(dataSource, config);
  return [
    `New secret of organization "${organization.name}" (shown once):\n\n  ${secret}\n`,
    revoked,
    ...overriddenBy(config, 'HUB_ORGANIZATION_SECRET', true),
  ];
}

export async function rotateUserSecret(dataSource: DataSource, config: HubConfig, email = ADMIN_EMAIL): Promise<string[]> {
  const secret = newSecret();
  await dataSource.transaction(async (manager) => {
    const organization = await defaultOrganization(manager);
    const user = organization && (await findUser(manager, organization.id, email));
    if (!user) throw new CommandError(`There is no user ${email} in the default organization${organization ? '' : ' (start the hub once)'}.`);
    await setSecret(manager, User, user.id, secret);
  });
  const revoked = await revokedEverywhere(dataSource, config);
  return [
    `New secret of user ${email} (shown once):\n\n  ${secret}\n`,
    revoked,
    ...overriddenBy(config, 'HUB_USER_SECRET', email.toLowerCase() === ADMIN_EMAIL),
  ];
}

/** Tells running hubs (on PostgreSQL) to drop cached credentials; the line says when the old secret stops working. */
async function revokedEverywhere(dataSource: DataSource, config: HubConfig): Promise<string> {
  const later = `Running hubs accept the old one for at most HUB_AUTH_CACHE_MS more (${config.HUB_AUTH_CACHE_MS} ms here).`;
  if (!isSharedDatabase(dataSource)) return later;
  try {
    await announceRevocation(dataSource, { kind: 'credentials' });
    return 'Running hubs stop accepting the old one within a second.';
  } catch {
    return later;
  }
}

/** Deletes FAILED events (all, or those last tried before `olderThan`), in batches beside running hubs. */
export async function purgeEvents(dataSource: DataSource, olderThan?: string, instanceId?: number): Promise<string[]> {
  const purged = await new EventOutbox(dataSource.getRepository(OutboxEvent)).purge('FAILED', olderThan ? parseDuration(olderThan) : 0, { instanceId });
  const which = `${olderThan ? ` last tried more than ${olderThan} ago` : ''}${instanceId ? ` of instance ${instanceId}` : ''}`;
  return [`Purged ${purged} failed event${purged === 1 ? '' : 's'}${which}.`];
}

/** A variable the hub applies on every start would put the old credential back. */
function overriddenBy(config: HubConfig, variable: 'HUB_CONSOLE_PASSWORD' | 'HUB_ORGANIZATION_SECRET' | 'HUB_USER_SECRET', applies: boolean): string[] {
  if (!applies || !config[variable]) return [];
  return [`Warning: ${variable} is set here. The hub applies it on every start, so change it too, or the next start puts it back.`];
}
