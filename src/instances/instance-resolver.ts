import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Credentials } from '../auth/auth.guard';
import { ElementTokenOwners } from '../auth/element-token-owners';
import { Revocations } from '../auth/revocations';
import { HubConfig } from '../config/hub-config';
import { sha256Hex } from '../common/secrets';
import { TtlCache } from '../common/ttl-cache';
import { AccessTokens } from '../tokens/access-tokens';
import { TokenEvents } from '../tokens/token-events';
import { TokenHolder, tokenStateOf } from '../tokens/token-grants';
import { unknownElementToken } from '../tokens/tokens.exception';
import { Instance } from './instance.entity';

/**
 * Finds the instance an Element token names. Lookups are cached for HUB_AUTH_CACHE_MS (a hub call
 * then costs no database round trip for it); every change forgets the entry in every replica
 * (Revocations).
 */
@Injectable()
export class InstanceResolver {
  /** Element token as sent -> its instance, in a box `remember` can update in place. */
  private readonly cache: TtlCache<string, { instance: Instance }>;

  constructor(
    config: HubConfig,
    @InjectRepository(Instance) private readonly instances: Repository<Instance>,
    private readonly revocations: Revocations,
    private readonly tokens: AccessTokens,
    tokenEvents: TokenEvents,
    tokenOwners: ElementTokenOwners,
  ) {
    this.cache = new TtlCache(config.HUB_AUTH_CACHE_MS);
    // For `User …, Element …` credentials: uncached, so a known token costs what an unknown one does.
    tokenOwners.provide((tokenHash) => this.instances.findOne({ select: { tokenHash: true, userId: true }, where: { tokenHash } }));
    // A refresh in this process updates the cached copies; other replicas' show up as a 401 from Webex.
    tokenEvents.on('refreshed', (holder) => this.remember(holder));
    tokenEvents.on('invalidated', (holder) => this.remember(holder));
    revocations.onRevoked((revocation) => {
      if (revocation.kind === 'all') this.cache.clear();
      else if (revocation.kind === 'instance') this.evict(revocation.id);
    });
  }

  async byToken(caller: Credentials, token: string): Promise<Instance> {
    // Keyed by the token as sent, so a cached call costs no hashing.
    let instance = this.cache.get(token)?.instance;
    if (!instance) {
      instance = (await this.instances.findOne({ where: { tokenHash: sha256Hex(token) } })) ?? undefined;
      if (instance) [instance] = await this.tokens.withTokenState([instance]);
      if (instance) this.cache.set(token, { instance });
    }
    if (!instance || !inScope(instance, caller)) throw unknownElementToken();
    return instance;
  }

  /** The instance `byToken` has cached for the token, if it has and the caller may use it and it is usable: no lookup, no wait. */
  known(caller: Credentials, token: string): Instance | undefined {
    const instance = this.cache.get(token)?.instance;
    return instance && inScope(instance, caller) && this.tokens.isUsable(instance) ? instance : undefined;
  }

  /** Throws unless hub calls may use the instance (tokens/ decides: disabled is 403, invalid is 401). */
  assertUsable(instance: Instance): void {
    this.tokens.assertUsable(instance);
  }

  /** Lays newer token state over the cached copies of its instance (tokens refreshed or found dead). */
  remember(holder: TokenHolder): void {
    const state = tokenStateOf(holder);
    for (const entry of this.cache.values()) if (entry.instance.id === holder.id) entry.instance = Object.assign(new Instance(), entry.instance, state);
  }

  /** After a change (disabled, deleted, new token, ...): every replica drops its cached copy. */
  forget(instance: Pick<Instance, 'id'>): Promise<void> {
    return this.revocations.revoke({ kind: 'instance', id: instance.id });
  }

  private evict(id: number): void {
    this.cache.deleteWhere((entry) => entry.instance.id === id);
  }
}

/** Another organization's token is as unknown to this caller as a deleted one. */
function inScope(instance: Instance, caller: Credentials): boolean {
  return instance.organizationId === caller.organization.id && (caller.user.role === 'admin' || instance.userId === caller.user.id);
}
