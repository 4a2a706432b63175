import { randomBytes } from 'node:crypto';
import { Organization } from '../../src/auth/organization.entity';
import { User } from '../../src/auth/user.entity';
import { sha256Hex } from '../../src/common/secrets';
import { TestHub } from './hub';

/**
 * Another organization with its admin, written straight to the database: the hub makes only the
 * first organization itself.
 */
export async function createOrganization(hub: TestHub, name = 'Other organization'): Promise<{ auth: string; organizationId: number }> {
  const organizationSecret = randomBytes(32).toString('base64url');
  const userSecret = randomBytes(32).toString('base64url');
  const manager = hub.dataSource().manager;
  const organization = await manager.save(manager.create(Organization, { name, secretHash: sha256Hex(organizationSecret) }));
  await manager.save(manager.create(User, { organizationId: organization.id, email: 'admin@other.example', role: 'admin', secretHash: sha256Hex(userSecret), firstName: null, lastName: null }));
  return { auth: `User ${userSecret}, Organization ${organizationSecret}`, organizationId: organization.id };
}
