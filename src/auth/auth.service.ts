import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { constantTimeEqual, sha256Hex } from '../common/secrets';
import { TtlCache } from '../common/ttl-cache';
import { invalidCredentials } from './auth.exception';
import { parseAuthorization } from './credentials';
import { ElementTokenOwners } from './element-token-owners';
import { Organization } from './organization.entity';
import { Revocations } from './revocations';
import { User } from './user.entity';

/** Compared against when a lookup found nothing, so that a miss costs what a hit does. */
const UNKNOWN = '0'.repeat(64);

export interface Caller {
  organization: Organization;
  user: User;
}

/** What a guarded handler knows of its caller; `elementToken` is set when the header had one. */
export interface Credentials extends Caller {
  elementToken?: string;
  /**
   * Set when the caller proved itself with `User <secret>, Element <token>` and no Organization
   * secret: the user owns the instance of that token. Accepted only where an Element token is used.
   */
  viaElementToken?: true;
}

/**
 * Resolves User/Organization secrets (or a User secret and an Element token the user owns) to
 * their rows by hash lookup. Results are cached for HUB_AUTH_CACHE_MS so a hub call costs no
 * database round trip for credentials; any change to users or secrets clears the cache of every
 * replica (Revocations), and any change to an instance the credentials its token proved.
 */
@Injectable()
export class AuthService {
  private readonly cache: TtlCache<string, Credentials>;

  constructor(
    config: HubConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly revocations: Revocations,
    private readonly tokenOwners: ElementTokenOwners,
  ) {
    this.cache = new TtlCache(config.HUB_AUTH_CACHE_MS);
    revocations.onRevoked((revocation) => {
      if (revocation.kind !== 'instance') this.cache.clear();
      else this.cache.deleteWhere((credentials) => credentials.viaElementToken === true);
    });
  }

  /**
   * The caller an `Authorization` header names, or a 401. Cached by the header as sent (this
   * process holds it for the request anyway), so a cached call costs neither parsing nor hashing.
   * The answer is shared between calls: not to be changed.
   */
  async authenticate(authorization: string | undefined): Promise<Credentials> {
    const cached = this.known(authorization);
    if (cached) return cached;

    const parts = parseAuthorization(authorization);
    const credentials = parts.organization === undefined ? await this.byElementToken(parts.user, parts.element!) : await this.byOrganization(parts.user, parts.organization, parts.element);
    this.cache.set(authorization!, credentials);
    return credentials;
  }

  /** The caller `authenticate` has cached for the header, if it has: no lookup, no wait. */
  known(authorization: string | undefined): Credentials | undefined {
    return authorization === undefined ? undefined : this.cache.get(authorization);
  }

  /** After a user is deleted or a secret rotated: every replica drops its cached credentials. */
  forget(): Promise<void> {
    return this.revocations.revoke({ kind: 'credentials' });
  }

  // Every failure does the same work, whichever part is wrong: both rows are looked up (one
  // indexed query each, no join), both hashes compared in constant time, and only then decided.
  // A join, or a lookup that stops at an unknown user, would time which secret was right.

  private async byOrganization(userSecret: string, organizationSecret: string, element: string | undefined): Promise<Credentials> {
    const userHash = sha256Hex(userSecret);
    const organizationHash = sha256Hex(organizationSecret);
    const [user, organization] = await Promise.all([this.users.findOneBy({ secretHash: userHash }), this.organizations.findOneBy({ secretHash: organizationHash })]);
    const userMatches = constantTimeEqual(user?.secretHash ?? UNKNOWN, userHash);
    const organizationMatches = constantTimeEqual(organization?.secretHash ?? UNKNOWN, organizationHash);
    const sameOrganization = user?.organizationId === organization?.id;
    if (!(userMatches && organizationMatches && sameOrganization) || !user || !organization) throw invalidCredentials();
    user.organization = organization;
    return { organization, user, elementToken: element };
  }

  /**
   * `User …, Element …`: the user of the secret, who must own the token's instance. Both lookups
   * read the same two columns, so a found row costs what the other one does; the whole user and
   * their organization are read once both match.
   */
  private async byElementToken(userSecret: string, element: string): Promise<Credentials> {
    const userHash = sha256Hex(userSecret);
    const tokenHash = sha256Hex(element);
    const [candidate, owner] = await Promise.all([this.users.findOne({ select: { id: true, secretHash: true }, where: { secretHash: userHash } }), this.tokenOwners.find(tokenHash)]);
    const userMatches = constantTimeEqual(candidate?.secretHash ?? UNKNOWN, userHash);
    const tokenMatches = constantTimeEqual(owner?.tokenHash ?? UNKNOWN, tokenHash);
    const owns = candidate !== null && owner !== null && owner.userId === candidate.id;
    if (!(userMatches && tokenMatches && owns)) throw invalidCredentials();
    const user = await this.users.findOne({ where: { id: candidate.id }, relations: { organization: true } });
    if (!user?.organization) throw invalidCredentials();
    return { organization: user.organization, user, elementToken: element, viaElementToken: true };
  }
}
