import { Repository } from 'typeorm';
import { AuthException } from './auth.exception';
import { sha256Hex } from '../common/secrets';
import { HubConfig } from '../config/hub-config';
import { AuthService } from './auth.service';
import { Organization } from './organization.entity';
import { Revocation, Revocations } from './revocations';
import { User } from './user.entity';

const ORG_SECRET = 'organization-secret';
const USER_SECRET = 'user-secret';
const OTHER_ORG_SECRET = 'other-organization-secret';
const OTHER_USER_SECRET = 'other-user-secret';

const organizations = [
  { id: 1, name: 'One', secretHash: sha256Hex(ORG_SECRET) },
  { id: 2, name: 'Two', secretHash: sha256Hex(OTHER_ORG_SECRET) },
] as Organization[];
const users = [
  { id: 10, organizationId: 1, email: 'a@example.com', role: 'admin', secretHash: sha256Hex(USER_SECRET) },
  { id: 20, organizationId: 2, email: 'b@example.com', role: 'admin', secretHash: sha256Hex(OTHER_USER_SECRET) },
] as User[];

/** A repository whose `findOneBy({ secretHash })` finds among `rows`, counting its calls. */
function repositoryOf<T extends { secretHash: string }>(rows: T[]) {
  const findOneBy = jest.fn(async ({ secretHash }: { secretHash: string }) => {
    const row = rows.find((r) => r.secretHash === secretHash);
    return row ? { ...row } : null;
  });
  return { repository: { findOneBy } as unknown as Repository<T>, findOneBy };
}

function setup() {
  const user = repositoryOf(users);
  const organization = repositoryOf(organizations);
  const listeners: ((revocation: Revocation) => void)[] = [];
  const revocations = {
    onRevoked: (listener: (revocation: Revocation) => void) => listeners.push(listener),
    revoke: jest.fn(async (revocation: Revocation) => listeners.forEach((l) => l(revocation))),
  } as unknown as Revocations;
  const sut = new AuthService(Object.assign(new HubConfig(), { HUB_AUTH_CACHE_MS: 5000 }), user.repository, organization.repository, revocations);
  return { sut, userLookups: user.findOneBy, organizationLookups: organization.findOneBy };
}

describe('AuthService.authenticate', () => {
  it.each([
    ['a wrong user secret', `User wrong, Organization ${ORG_SECRET}`],
    ['a wrong organization secret', `User ${USER_SECRET}, Organization wrong`],
    ['both wrong', 'User wrong, Organization wrong'],
    ['a user of another organization', `User ${OTHER_USER_SECRET}, Organization ${ORG_SECRET}`],
    ['the secrets swapped', `User ${ORG_SECRET}, Organization ${USER_SECRET}`],
  ])('refuses %s after looking up both the user and the organization', async (_, header) => {
    const { sut, userLookups, organizationLookups } = setup();

    await expect(sut.authenticate(header)).rejects.toBeInstanceOf(AuthException);

    expect(userLookups).toHaveBeenCalledTimes(1);
    expect(userLookups).toHaveBeenCalledWith({ secretHash: sha256Hex(header.match(/User ([^\s,]+)/)![1]) });
    expect(organizationLookups).toHaveBeenCalledTimes(1);
    expect(organizationLookups).toHaveBeenCalledWith({ secretHash: sha256Hex(header.match(/Organization ([^\s,]+)/)![1]) });
  });

  it('accepts the right pair, then answers from its cache until credentials are revoked', async () => {
    const { sut, userLookups, organizationLookups } = setup();
    const header = `User ${USER_SECRET}, Organization ${ORG_SECRET}, Element e1`;

    const credentials = await sut.authenticate(header);
    expect(credentials).toMatchObject({ user: { id: 10 }, organization: { id: 1 }, elementToken: 'e1' });
    expect(credentials.user.organization?.id).toBe(1);
    await sut.authenticate(header);
    expect(userLookups).toHaveBeenCalledTimes(1);
    expect(organizationLookups).toHaveBeenCalledTimes(1);

    await sut.forget();
    await sut.authenticate(header);
    expect(userLookups).toHaveBeenCalledTimes(2);
  });
});
