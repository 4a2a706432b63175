import { DataSource } from 'typeorm';
import { loadConfig } from '../config/hub-config';
import { dataSourceOptions } from './data-source';
import { migrated } from './database.module';

/** `npm run migration:run`: applies pending migrations and exits. */
async function main() {
  const dataSource = await migrated(await new DataSource(dataSourceOptions(loadConfig())).initialize());
  const pending = await dataSource.showMigrations();
  console.log(pending ? 'Migrations still pending' : 'Database is up to date');
  await dataSource.destroy();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
