import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { dataSourceOptions } from './data-source';
import { AdvisoryLock, isSharedDatabase } from '../common/shared-database';

/** The data source; migrations run on start (`synchronize` never). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [HubConfig],
      useFactory: (config: HubConfig) => ({ ...dataSourceOptions(config), autoLoadEntities: true }),
      dataSourceFactory: async (options?: DataSourceOptions) => migrated(await new DataSource(options!).initialize()),
    }),
  ],
})
export class DatabaseModule {}

/**
 * Several replicas may start at once on one database: an advisory lock lets one apply the
 * migrations while the others wait and then find nothing pending.
 */
export async function migrated(dataSource: DataSource): Promise<DataSource> {
  // The embedded database has one session and one process: no lock needed (nor possible, as the
  // lock's session would hold the only connection the migrations need).
  if (!isSharedDatabase(dataSource)) {
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.Migrations]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.Migrations]);
    }
  } finally {
    await runner.release();
  }
  return dataSource;
}
