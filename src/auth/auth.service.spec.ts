import { Repository } from 'typeorm';
import { AuthException } from './auth.exception';
import { sha256Hex } from '../common/secrets';
import { HubConfig } from '../config/hub-config';
import { AuthService } from './auth.service';
import { ElementTokenOwner, ElementTokenOwners } from './element-token-owners';
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
const TOKEN = 'element-token';
const OTHER_TOKEN = 'other-element-token';

const tokenOwners: ElementTokenOwner[] = [
  { tokenHash: sha256Hex(TOKEN), userId: 10 },
  { tokenHash: sha256Hex(OTHER_TOKEN), userId: 20 },
];
const users = [
  { id: 10, organizationId: 1, email: 'a@example.com', role: 'admin', secretHash: sha256Hex(USER_SECRET) },
  { id: 20, organizationId: 2, email: 'b@example.com', role: 'admin', secretHash: sha256Hex(OTHER_USER_SECRET) },
] as User[];

type Where = { secretHash: string } | { id: number };

/**
 * A repository whose `findOneBy(where)` and `findOne({ where })` find among `rows` by secret hash
 * or id, each lookup counted in `lookups`; `relations.organization` joins from `joined`.
 */
function repositoryOf<T extends { id: number; secretHash: string }>(rows: T[], joined: Organization[] = []) {
  const lookups = jest.fn(async (where: Where, relations?: { organization?: boolean }) => {
    const row = rows.find((r) => ('id' in where ? r.id === where.id : r.secretHash === where.secretHash));
    if (!row) return null;
    const organizationId = (row as unknown as { organizationId?: number }).organizationId;
    return relations?.organization ? { ...row, organization: joined.find((o) => o.id === organizationId) } : { ...row };
  });
  const repository = {
    findOneBy: (where: Where) => lookups(where),
    findOne: ({ where, relations }: { where: Where; relations?: { organization?: boolean } }) => (relations ? lookups(where, relations) : lookups(where)),
  };
  return { repository: repository as unknown as Repository<T>, lookups };
}

function setup() {
  const user = repositoryOf(users, organizations);
  const organization = repositoryOf(organizations);
  const listeners: ((revocation: Revocation) => void)[] = [];
  const revocations = {
    onRevoked: (listener: (revocation: Revocation) => void) => listeners.push(listener),
    revoke: jest.fn(async (revocation: Revocation) => listeners.forEach((l) => l(revocation))),
  } as unknown as Revocations;
  const owners = new ElementTokenOwners();
  const ownerLookups = jest.fn(async (tokenHash: string) => tokenOwners.find((owner) => owner.tokenHash === tokenHash) ?? null);
  owners.provide(ownerLookups);
  const sut = new AuthService(Object.assign(new HubConfig(), { HUB_AUTH_CACHE_MS: 5000 }), user.repository, organization.repository, revocations, owners);
  return { sut, userLookups: user.lookups, organizationLookups: organization.lookups, ownerLookups, revocations };
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

describe('AuthService.authenticate, User and Element', () => {
  it.each([
    ['a wrong user secret with a right token', `User wrong, Element ${TOKEN}`],
    ['a right user secret with a wrong token', `User ${USER_SECRET}, Element wrong`],
    ["a right user secret with another user's token", `User ${USER_SECRET}, Element ${OTHER_TOKEN}`],
    ['both wrong', 'User wrong, Element wrong'],
  ])('refuses %s after looking up both the user and the token, and reads no organization', async (_, header) => {
    const { sut, userLookups, ownerLookups, organizationLookups } = setup();

    await expect(sut.authenticate(header)).rejects.toBeInstanceOf(AuthException);

    expect(userLookups).toHaveBeenCalledTimes(1);
    expect(userLookups).toHaveBeenCalledWith({ secretHash: sha256Hex(header.match(/User ([^\s,]+)/)![1]) });
    expect(ownerLookups).toHaveBeenCalledTimes(1);
    expect(ownerLookups).toHaveBeenCalledWith(sha256Hex(header.match(/Element ([^\s,]+)/)![1]));
    expect(organizationLookups).not.toHaveBeenCalled();
  });

  it("accepts the token's owner, in their organization, until that instance changes", async () => {
    const { sut, userLookups, revocations } = setup();
    const header = `Element ${TOKEN}, User ${USER_SECRET}`;

    const credentials = await sut.authenticate(header);
    expect(credentials).toMatchObject({ user: { id: 10, role: 'admin', email: 'a@example.com' }, organization: { id: 1 }, elementToken: TOKEN, viaElementToken: true });
    expect(credentials.user.organization?.id).toBe(1);
    // The user's secret hash and id, then, once both parts matched, the whole user with their organization.
    expect(userLookups.mock.calls).toEqual([[{ secretHash: sha256Hex(USER_SECRET) }], [{ id: 10 }, { organization: true }]]);
    await sut.authenticate(header);
    expect(userLookups).toHaveBeenCalledTimes(2);

    await revocations.revoke({ kind: 'instance', id: 1 });
    await sut.authenticate(header);
    expect(userLookups).toHaveBeenCalledTimes(4);
  });

  it('keeps credentials with the Organization secret cached when an instance changes', async () => {
    const { sut, userLookups, revocations } = setup();
    const header = `User ${USER_SECRET}, Organization ${ORG_SECRET}, Element ${TOKEN}`;

    expect((await sut.authenticate(header)).viaElementToken).toBeUndefined();
    await revocations.revoke({ kind: 'instance', id: 1 });
    await sut.authenticate(header);
    expect(userLookups).toHaveBeenCalledTimes(1);
  });
});
