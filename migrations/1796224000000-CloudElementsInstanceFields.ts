import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The instance fields Cloud Elements returns in its instance body. The defaults are CE's own:
 * a new CE instance answers `cacheTimeToLive: 0`, `maxCacheSize: 0` (seconds and entries; 0
 * while caching is off), `externalAuthentication: "none"` and `provisionInteractions: []`.
 */
const COLUMNS: Array<[name: string, definition: string]> = [
  ['caching_enabled', 'boolean NOT NULL DEFAULT false'],
  ['cache_time_to_live', 'integer NOT NULL DEFAULT 0'],
  ['max_cache_size', 'integer NOT NULL DEFAULT 0'],
  ['trace_logging_enabled', 'boolean NOT NULL DEFAULT false'],
  ['provision_interactions', `jsonb NOT NULL DEFAULT '[]'`],
  ['external_authentication', `text NOT NULL DEFAULT 'none'`],
];

export class CloudElementsInstanceFields1796224000000 implements MigrationInterface {
  name = 'CloudElementsInstanceFields1796224000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE instances ${COLUMNS.map(([name, definition]) => `ADD COLUMN ${name} ${definition}`).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE instances ${COLUMNS.map(([name]) => `DROP COLUMN ${name}`).join(', ')}`);
  }
}
