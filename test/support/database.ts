import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { HubConfig } from '../../src/config/hub-config';
import { dataSourceOptions } from '../../src/database/data-source';
import { builtOnce } from './built-once';

/**
 * A fresh database for one test suite: a new PostgreSQL database when DATABASE_URL is set (so
 * suites never see each other's rows), otherwise a new PGlite data directory.
 */
export interface TestDatabase {
  /** DATABASE_URL for the hub, undefined on PGlite. */
  url?: string;
  dataDir: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * No schema at all, for a test of the migrations themselves. Otherwise a PGlite directory starts
   * as a copy of one already migrated: creating a PGlite database and migrating it costs about 4 s,
   * a copy about 0.3 s, and what the hub then finds is the same as after its own first start (the
   * hub still checks the migrations when it starts, and a test that needs them pending deletes
   * their rows). PostgreSQL databases start empty: there, migrating costs about 0.2 s.
   */
  empty?: boolean;
}

/** The project's folder, from this file's source or from its compiled copy (the benchmarks'). */
const ROOT = (() => {
  let root = __dirname;
  while (!existsSync(join(root, 'package.json'))) root = dirname(root);
  return root;
})();

export const onPostgres = (): boolean => Boolean(process.env.DATABASE_URL);

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  const base = process.env.DATABASE_URL;
  if (!base) {
    if (!options.empty) cpSync(await migratedTemplate(), join(dataDir, 'pglite'), { recursive: true });
    return { dataDir, drop: async () => removeDir() };
  }

  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  await admin(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      await admin(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      removeDir();
    },
  };
}

/**
 * A PGlite directory with every migration applied, made once per machine for the migrations and
 * the PGlite version at hand (their content names it), and shared by jest's workers (`builtOnce`:
 * a worker never copies a half-made one).
 */
async function migratedTemplate(): Promise<string> {
  return builtOnce(join(tmpdir(), `hub-test-template-${templateKey()}`), async (build) => {
    const config = Object.assign(new HubConfig(), { DATA_DIR: build });
    const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
    try {
      await dataSource.runMigrations();
    } finally {
      await dataSource.destroy();
    }
    return join(build, 'pglite');
  });
}

function templateKey(): string {
  const hash = createHash('sha256');
  const migrations = join(ROOT, 'migrations');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(join(migrations, file)));
  hash.update(readFileSync(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  hash.update(MIGRATIONS.map((migration) => migration.name).join());
  return hash.digest('hex').slice(0, 16);
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
