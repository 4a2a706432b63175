import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { HubConfig, loadConfig } from '../config/hub-config';
import { unknownSettings } from '../config/setting-names';
import { dataSourceOptions } from '../database/data-source';
import { migrated } from '../database/database.module';
import { CliCommand, parseCommand, USAGE, UsageError } from './cli-args';
import { CLI_ENTITIES } from './cli-entities';
import { CommandError, consolePassword, purgeEvents, rotateOrganizationSecret, rotateUserSecret } from './operator-commands';

/**
 * `npm run hub -- <command>`: operator commands against the hub's database, configured as the hub
 * is. What they print goes to the terminal only (stdout), never to a log.
 */
async function main(argv: string[]): Promise<void> {
  const command = parseCommand(argv);
  if (command.name === 'help') return void process.stdout.write(`${USAGE}\n`);
  const config = loadConfig();
  for (const { name, nearest } of unknownSettings()) process.stderr.write(`Warning: ${name} is not a setting of the hub${nearest ? `: did you mean ${nearest}?` : ''}\n`);
  const dataSource = await openDatabase(config);
  try {
    process.stdout.write(`${(await run(command, dataSource, config)).join('\n')}\n`);
  } finally {
    await dataSource.destroy();
  }
}

function run(command: Exclude<CliCommand, { name: 'help' }>, dataSource: DataSource, config: HubConfig): Promise<string[]> {
  switch (command.name) {
    case 'console-password':
      return consolePassword(dataSource, config, command.username, command.password);
    case 'rotate-organization-secret':
      return rotateOrganizationSecret(dataSource, config);
    case 'rotate-user-secret':
      return rotateUserSecret(dataSource, config, command.email);
    case 'purge-events':
      return purgeEvents(dataSource, command.olderThan, command.instanceId);
  }
}

/** The hub's database with its migrations applied (as a start would), but never a new embedded one. */
async function openDatabase(config: HubConfig): Promise<DataSource> {
  if (!config.DATABASE_URL && !existsSync(join(resolve(config.DATA_DIR), 'pglite', 'PG_VERSION'))) {
    throw new CommandError(`There is no hub database in DATA_DIR (${resolve(config.DATA_DIR)}). Set DATA_DIR or DATABASE_URL as the hub has them, or start the hub once first.`);
  }
  return migrated(await new DataSource({ ...dataSourceOptions(config), entities: CLI_ENTITIES }).initialize());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n${error instanceof UsageError ? '\nnpm run hub -- --help lists the commands.\n' : ''}`);
  process.exit(1);
});
