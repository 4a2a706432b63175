import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { errorLogFields } from '../common/logger';
import { NotificationChannel, notify } from '../common/notification-channel';
import { HubConfig } from '../config/hub-config';
import { isSharedDatabase } from '../common/shared-database';

/** The PostgreSQL channel every replica listens on. */
export const REVOCATION_CHANNEL = 'hub_revocations';

/**
 * What a replica must stop honouring from its caches: every cached credential (a user deleted or a
 * secret rotated: rare, so all are dropped), one instance (disabled, deleted, changed, new token),
 * or everything (a listener that may have missed notifications).
 */
export type Revocation = { kind: 'credentials' } | { kind: 'instance'; id: number } | { kind: 'all' };

export type RevocationListener = (revocation: Revocation) => void;

/** Tells every replica sharing `dataSource` (the operator commands use this too). Nothing to do on PGlite. */
export async function announceRevocation(dataSource: DataSource, revocation: Revocation): Promise<void> {
  if (isSharedDatabase(dataSource)) await notify(dataSource, REVOCATION_CHANNEL, JSON.stringify(revocation));
}

/**
 * Revocation everywhere at once: the per-process caches (credentials, Element tokens) are evicted
 * here at once and on the other replicas through PostgreSQL's LISTEN/NOTIFY, on a dedicated
 * connection that reconnects. A notification is sent after the change is committed, so a replica
 * that reloads finds the new state.
 */
@Injectable()
export class Revocations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Revocations.name);
  private readonly listeners: RevocationListener[] = [];
  private channel?: NotificationChannel;

  constructor(
    private readonly config: HubConfig,
    private readonly dataSource: DataSource,
  ) {}

  onRevoked(listener: RevocationListener): void {
    this.listeners.push(listener);
  }

  /** Evicts here, then tells the other replicas; a failed notification leaves them the cache time (logged). */
  async revoke(revocation: Revocation): Promise<void> {
    this.evict(revocation);
    try {
      await announceRevocation(this.dataSource, revocation);
    } catch (error) {
      this.logger.warn({ revocation, err: errorLogFields(error) }, 'Revocation not announced; other replicas drop the old state within HUB_AUTH_CACHE_MS');
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!isSharedDatabase(this.dataSource) || this.config.HUB_AUTH_CACHE_MS <= 0) return;
    this.channel = new NotificationChannel({
      databaseUrl: this.config.DATABASE_URL!,
      channel: REVOCATION_CHANNEL,
      applicationName: 'element-hub-revocations',
      logger: this.logger,
      onMessage: (payload) => this.evict(parseRevocation(payload)),
      // Whatever was revoked while the connection was down has not been heard: nothing cached can be trusted.
      onGap: () => this.evict({ kind: 'all' }),
    });
    await this.channel.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.stop();
  }

  private evict(revocation: Revocation): void {
    for (const listener of this.listeners) listener(revocation);
  }
}

function parseRevocation(payload: string | undefined): Revocation {
  try {
    const value = JSON.parse(payload ?? '') as Revocation;
    if (value.kind === 'credentials' || (value.kind === 'instance' && Number.isInteger(value.id))) return value;
  } catch {
    // Not ours, or garbled: dropping everything is always safe.
  }
  return { kind: 'all' };
}
