import { DataSource, EntityManager } from 'typeorm';

/**
 * Every PostgreSQL advisory lock the hub takes, in one place so no two features pick one number.
 * Credentials and ConsoleAdmins are shared by first start and the operator's settings.
 */
export enum AdvisoryLock {
  Migrations = 7_352_001,
  Credentials = 7_352_002,
  ConsoleAdmins = 7_352_007,
  /** Held by the one process that checks every instance's Webex webhooks at a time. */
  WebhookReconcile = 7_352_008,
}

/**
 * Whether the data source is a PostgreSQL server (shared by replicas) rather than the embedded
 * PGlite database (one process, one session): cross-process locks are needed, and possible, only there.
 */
export function isSharedDatabase(dataSource: DataSource): boolean {
  return Boolean((dataSource.options as { url?: string }).url);
}

/** Holds `lock` until `manager`'s transaction ends, so replicas take turns; the embedded database needs none. */
export async function lockForTransaction(dataSource: DataSource, manager: EntityManager, lock: AdvisoryLock): Promise<void> {
  if (isSharedDatabase(dataSource)) await manager.query('SELECT pg_advisory_xact_lock($1)', [lock]);
}
