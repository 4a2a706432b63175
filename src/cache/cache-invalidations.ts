import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Revocations } from '../auth/revocations';
import { errorLogFields } from '../common/logger';
import { NotificationChannel, notify } from '../common/notification-channel';
import { isSharedDatabase } from '../common/shared-database';
import { TtlCache } from '../common/ttl-cache';
import { HubConfig } from '../config/hub-config';
import { Instance } from '../instances/instance.entity';
import { touchedBy, WebexType, webexTypeOfWebhook } from './cache-scope';
import { ResponseCache } from './response-cache';

/** The PostgreSQL channel every replica listens on for cache invalidations. */
export const CACHE_CHANNEL = 'hub_cache_invalidations';

/** One invalidation as sent between replicas: sender, instance, collections (none: all of them). */
interface Invalidation {
  from: string;
  instanceId: number;
  types?: WebexType[];
}

/**
 * Invalidations everywhere: applied here at once, then sent to the other replicas with NOTIFY
 * (PostgreSQL only; PGlite is one process). Instance changes (PATCH, delete, disable) reach every
 * replica as revocations already, and drop the instance's cache there.
 */
@Injectable()
export class CacheInvalidations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CacheInvalidations.name);
  private readonly replica = randomUUID();
  private readonly shared: boolean;
  private channel?: NotificationChannel;
  /** Instance id -> whether it has caching on, for webhooks: most instances have not, and their deliveries then cost nothing more. */
  private readonly caching: TtlCache<number, boolean>;

  constructor(
    private readonly config: HubConfig,
    private readonly dataSource: DataSource,
    private readonly cache: ResponseCache,
    revocations: Revocations,
  ) {
    this.shared = isSharedDatabase(dataSource);
    this.caching = new TtlCache(config.HUB_AUTH_CACHE_MS);
    revocations.onRevoked((revocation) => {
      if (revocation.kind === 'instance') {
        cache.drop(revocation.id);
        this.caching.delete(revocation.id);
      } else if (revocation.kind === 'all') {
        cache.dropAll();
        this.caching.clear();
      }
    });
  }

  /** After a write through the hub to `type` (done or not: a failed write may have happened). */
  changed(instanceId: number, type: WebexType): Promise<void> {
    return this.apply({ from: this.replica, instanceId, types: touchedBy(type) });
  }

  /** A Webex webhook for the instance: what its `resource` names (everything, when it names nothing). */
  async heard(instanceId: number, delivery: { resource?: unknown }): Promise<void> {
    if (!(await this.cachingOn(instanceId))) return;
    const type = webexTypeOfWebhook(delivery.resource);
    await this.apply({ from: this.replica, instanceId, ...(type && { types: touchedBy(type) }) });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.shared) return;
    this.channel = new NotificationChannel({
      databaseUrl: this.config.DATABASE_URL!,
      channel: CACHE_CHANNEL,
      applicationName: 'element-hub-cache',
      logger: this.logger,
      onMessage: (payload) => this.receive(payload),
      // Whatever was invalidated while the connection was down has not been heard.
      onGap: () => this.cache.dropAll(),
    });
    await this.channel.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.stop();
  }

  /** Read at most once per HUB_AUTH_CACHE_MS per instance; a change of the instance (a revocation) forgets it at once. */
  private async cachingOn(instanceId: number): Promise<boolean> {
    let on = this.caching.get(instanceId);
    if (on === undefined) {
      const instance = await this.dataSource.getRepository(Instance).findOne({ select: { id: true, cachingEnabled: true }, where: { id: instanceId } });
      on = instance?.cachingEnabled ?? false;
      this.caching.set(instanceId, on);
    }
    return on;
  }

  private async apply(invalidation: Invalidation): Promise<void> {
    this.cache.invalidate(invalidation.instanceId, invalidation.types);
    if (!this.shared) return;
    try {
      await notify(this.dataSource, CACHE_CHANNEL, JSON.stringify(invalidation));
    } catch (error) {
      this.logger.warn({ instanceId: invalidation.instanceId, err: errorLogFields(error) }, "Cache invalidation not sent; other replicas keep the old answers up to the instance's cacheTimeToLive");
    }
  }

  private receive(payload: string | undefined): void {
    const invalidation = parseInvalidation(payload);
    if (!invalidation) return this.cache.dropAll();
    if (invalidation.from !== this.replica) this.cache.invalidate(invalidation.instanceId, invalidation.types);
  }
}

function parseInvalidation(payload: string | undefined): Invalidation | undefined {
  try {
    const value = JSON.parse(payload ?? '') as Invalidation;
    const typesOk = value.types === undefined || (Array.isArray(value.types) && value.types.every((type) => typeof type === 'string'));
    if (typeof value.from === 'string' && Number.isInteger(value.instanceId) && typesOk) return value;
  } catch {
    // Garbled: dropping everything is always safe.
  }
  return undefined;
}
