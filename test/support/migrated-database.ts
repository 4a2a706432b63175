import { DataSource, QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { HubConfig } from '../../src/config/hub-config';
import { dataSourceOptions } from '../../src/database/data-source';
import { createTestDatabase } from './database';

export interface MigratedDatabase {
  /** A query runner on the database, to run the migration under test and look at the rows. */
  q: QueryRunner;
  close(): Promise<void>;
}

/** A fresh database migrated to the migration before `migration`, for a test of its up and down. */
export async function migratedBefore(migration: (typeof MIGRATIONS)[number]): Promise<MigratedDatabase> {
  const position = MIGRATIONS.indexOf(migration);
  if (position < 1) throw new Error(`${migration.name} is not a migration after the first`);
  const database = await createTestDatabase({ empty: true });
  const config = Object.assign(new HubConfig(), { DATABASE_URL: database.url, DATA_DIR: database.dataDir, DATABASE_POOL_SIZE: 2 });
  const dataSource = await new DataSource({ ...dataSourceOptions(config), migrations: MIGRATIONS.slice(0, position) }).initialize();
  await dataSource.runMigrations();
  const q = dataSource.createQueryRunner();
  return {
    q,
    close: async () => {
      await q.release();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
