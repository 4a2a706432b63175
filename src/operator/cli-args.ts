/** What `npm run hub -- <command>` was asked to do. */
export type CliCommand =
  | { name: 'help' }
  | { name: 'console-password'; username: string; password?: string }
  | { name: 'rotate-organization-secret' }
  | { name: 'rotate-user-secret'; email?: string }
  | { name: 'purge-events'; olderThan?: string; instanceId?: number };

export const USAGE = `Usage: npm run hub -- <command>

Commands, run against the hub's database (DATA_DIR or DATABASE_URL, read as the hub reads them):
  console-password <username> [--password <password>]
      Sets a console admin's password (random, and printed once, unless given), lifts its
      lockout and ends its sessions.
  rotate-organization-secret
      Gives the default organization a new random secret and prints it once.
  rotate-user-secret [email]
      Gives a user of the default organization (admin@localhost unless named) a new random
      secret and prints it once.
  purge-events [--older-than <duration>] [--instance <id>]
      Deletes FAILED events (kept until redelivered or purged), all of them or those whose last
      attempt is older than the duration (30d, 12h, 90m), of every instance or of one; prints how
      many. Delivered events are purged by the hub after HUB_EVENT_RETENTION.
  --help
      This text.

On the embedded database (no DATABASE_URL), stop the hub first: its data directory is one
process's. On PostgreSQL the commands can run beside running hubs.`;

export class UsageError extends Error {}

/** Parses the arguments after `npm run hub --`; throws a UsageError naming what is wrong. */
export function parseCommand(argv: string[]): CliCommand {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return { name: 'help' };
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (!rest[i].startsWith('--')) positional.push(rest[i]);
    else if (rest[i] === '--help') return { name: 'help' };
    else {
      const [key, inline] = rest[i].slice(2).split(/=(.*)/s, 2);
      const value = inline ?? rest[++i];
      if (value === undefined) throw new UsageError(`--${key} needs a value`);
      options.set(key, value);
    }
  }
  const command = parseNamed(name, positional, options);
  const allowed = name === 'console-password' ? ['password'] : name === 'purge-events' ? ['older-than', 'instance'] : [];
  const unknown = [...options.keys()].find((key) => !allowed.includes(key));
  if (unknown) throw new UsageError(`${name} has no option --${unknown}`);
  return command;
}

function parseNamed(name: string, positional: string[], options: Map<string, string>): CliCommand {
  const atMost = (count: number) => {
    if (positional.length > count) throw new UsageError(`${name} takes ${count === 0 ? 'no arguments' : `at most ${count} argument`}; got: ${positional.join(' ')}`);
  };
  switch (name) {
    case 'console-password': {
      atMost(1);
      if (!positional[0]) throw new UsageError('console-password needs the username of a console admin');
      const password = options.get('password');
      if (password !== undefined && (password.length < 10 || password.length > 200)) throw new UsageError('The password must be 10 to 200 characters');
      return { name, username: positional[0], password };
    }
    case 'rotate-organization-secret':
      atMost(0);
      return { name };
    case 'rotate-user-secret':
      atMost(1);
      return { name, email: positional[0] };
    case 'purge-events': {
      atMost(0);
      const olderThan = options.get('older-than');
      if (olderThan !== undefined && !/^\d+(s|m|h|d)$/.test(olderThan)) throw new UsageError('--older-than must be a duration like 30d, 12h or 90m');
      const instance = options.get('instance');
      if (instance !== undefined && !/^[1-9]\d{0,8}$/.test(instance)) throw new UsageError('--instance must be an instance id');
      return { name, olderThan, instanceId: instance === undefined ? undefined : Number(instance) };
    }
    default:
      throw new UsageError(`Unknown command "${name}"`);
  }
}
