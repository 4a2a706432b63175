import { PGlite, types } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { MIGRATIONS } from '../../migrations';
import { createPGlitePool } from './pglite-pool';
import { lockDataDir, unlockDataDir } from './data-dir-lock';

/**
 * PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite database in DATA_DIR. No
 * entities: the hub loads each module's own (autoLoadEntities); the operator CLI adds its list.
 */
export function dataSourceOptions(config: HubConfig): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    migrations: MIGRATIONS,
    migrationsTableName: 'hub_migrations',
    synchronize: false,
    logging: false,
  };
  if (config.DATABASE_URL) {
    return { ...common, url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'element-hub' };
  }
  const dataDir = resolve(config.DATA_DIR, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  const lock = resolve(config.DATA_DIR, 'pglite.lock');
  const open = async () => {
    lockDataDir(lock);
    return PGlite.create({ dataDir, startParams: PGLITE_START_PARAMS, serializers: { [types.BOOL]: serializeBoolean } });
  };
  return { ...common, driver: { Pool: createPGlitePool(open, () => unlockDataDir(lock)) } } as DataSourceOptions;
}

/**
 * PostgreSQL settings of the embedded database, after PGlite's own start parameters. initdb's
 * `shared_buffers` of 128MB is a buffer pool that the WebAssembly memory grows into and never gives
 * back; 16MB holds the hub's working set, and a first start's RSS falls from about 890 MB to about
 * 390 MB (docs/benchmarks.md, "what bounds a PGlite hub's memory"). PGlite has one session, so a
 * few connection slots are enough.
 */
export const PGLITE_SETTINGS: Record<string, string> = { shared_buffers: '16MB', max_connections: '5' };
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, ...Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`])];

/** PGlite would send a JS boolean as text PostgreSQL cannot cast; send the SQL literals instead. */
function serializeBoolean(value: unknown): string {
  if (value === true || value === 'true' || value === 1) return 'TRUE';
  if (value === false || value === 'false' || value === 0) return 'FALSE';
  return String(value);
}
