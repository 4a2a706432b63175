import { DataSource } from 'typeorm';

/**
 * Whether the data source is a PostgreSQL server (shared by replicas) rather than the embedded
 * PGlite database (one process, one session): cross-process locks are needed, and possible, only there.
 */
export function isSharedDatabase(dataSource: DataSource): boolean {
  return Boolean((dataSource.options as { url?: string }).url);
}
