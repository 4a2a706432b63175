import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator';
import { createHubApp } from '../../src/app.factory';
import { HubConfig, loadConfig } from '../../src/config/hub-config';
import { createRootLogger } from '../../src/common/logger';
import { createTestDatabase, TestDatabase } from './database';

export const API = '/elements/api-v2';

export interface TestHub {
  app: NestFastifyApplication;
  config: HubConfig;
  emulator: RunningEmulator;
  database: TestDatabase;
  /** `User …, Organization …` of the first-start admin. */
  auth: string;
  organizationSecret: string;
  userSecret: string;
  /** Every log line the hub wrote, as text. */
  logs: string[];
  http(): ReturnType<typeof request>;
  dataSource(): DataSource;
  /** Every row of every table as text, for leak checks. */
  dump(): Promise<string>;
  /** Stops the hub; the database survives with `keepDatabase` (to start the hub again on it). */
  close(opts?: { keepDatabase?: boolean }): Promise<void>;
}

export interface StartHubOptions {
  env?: Record<string, string>;
  emulator?: Partial<EmulatorOptions>;
  /** Reuse a running emulator instead of starting one. */
  sharedEmulator?: RunningEmulator;
  /** Reuse a database (a restart); its secrets are those of `secrets`. */
  database?: TestDatabase;
  secrets?: { organization: string; user: string };
}

/** The real hub (AppModule, Fastify, a fresh database) against an in-process emulator. */
export async function startHub(options: StartHubOptions = {}): Promise<TestHub> {
  const emulator = options.sharedEmulator ?? (await startEmulator({ port: 0, ...options.emulator }));
  const database = options.database ?? (await createTestDatabase());
  const organizationSecret = options.secrets?.organization ?? randomBytes(32).toString('base64url');
  const userSecret = options.secrets?.user ?? randomBytes(32).toString('base64url');
  const config = loadConfig({
    DATA_DIR: database.dataDir,
    DATABASE_URL: database.url,
    WEBEX_API_URL: emulator.baseUrl,
    HUB_ORGANIZATION_SECRET: organizationSecret,
    HUB_USER_SECRET: userSecret,
    // Known to the test, so the hub has no random console password to print.
    HUB_CONSOLE_PASSWORD: randomBytes(18).toString('base64url'),
    HUB_ALLOW_PRIVATE_CALLBACKS: 'true',
    HUB_WORKERS_ENABLED: 'false',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const app = await createHubApp(config, createRootLogger(config.LOG_LEVEL, sink as unknown as pino.DestinationStream));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const hub: TestHub = {
    app,
    config,
    emulator,
    database,
    auth: `User ${userSecret}, Organization ${organizationSecret}`,
    organizationSecret,
    userSecret,
    logs,
    http: () => request(app.getHttpServer()),
    dataSource: () => app.get(DataSource),
    dump: () => dumpDatabase(app.get(DataSource)),
    close: async ({ keepDatabase = false } = {}) => {
      await app.close();
      if (!options.sharedEmulator) await emulator.close();
      if (!keepDatabase) await database.drop();
    },
  };
  return hub;
}

async function dumpDatabase(dataSource: DataSource): Promise<string> {
  const tables: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    parts.push(JSON.stringify(await dataSource.query(`SELECT * FROM "${table_name}"`)));
  }
  return parts.join('\n');
}
