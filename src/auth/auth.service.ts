import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { UnauthorizedException } from '../common/hub.exception';
import { constantTimeEqual, sha256Hex } from '../common/secrets';
import { CredentialParts } from './credentials';
import { Organization } from './organization.entity';
import { User } from './user.entity';

export interface Caller {
  organization: Organization;
  user: User;
}

/**
 * Resolves User/Organization secrets to their rows by hash lookup. Results are cached for
 * HUB_AUTH_CACHE_MS so a hub call costs no database round trip for credentials; any change to
 * users or secrets clears the cache.
 */
@Injectable()
export class AuthService {
  private readonly cache = new Map<string, { caller: Caller; expires: number }>();

  constructor(
    private readonly config: HubConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async authenticate(parts: CredentialParts): Promise<Caller> {
    // Keyed by the secrets as sent (this process holds them for the request anyway): a cached call
    // costs no hashing.
    const key = `${parts.user}\n${parts.organization}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > Date.now()) return cached.caller;

    const userHash = sha256Hex(parts.user);
    const organizationHash = sha256Hex(parts.organization);
    const user = await this.users.findOne({ where: { secretHash: userHash }, relations: { organization: true } });
    // The user is found by hash lookup; the organization's hash is compared in constant time all the same.
    if (!user?.organization || !constantTimeEqual(user.organization.secretHash, organizationHash)) throw new UnauthorizedException();
    const caller = { organization: user.organization, user };
    if (this.config.HUB_AUTH_CACHE_MS > 0) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, { caller, expires: Date.now() + this.config.HUB_AUTH_CACHE_MS });
    }
    return caller;
  }

  forget(): void {
    this.cache.clear();
  }
}
