import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database';
import { API, startHub, type TestHub } from '../support/hub';

/**
 * What the operator says is applied, or answered with a warning: the secret and password variables
 * on every start (not only the first), the `npm run hub` commands, and misspelt variables.
 */
const ROOT = join(__dirname, '..', '..');
const FIRST = { organization: 'organization-secret-one', user: 'user-secret-one', password: 'console-password-one' };
const SECOND = { organization: 'organization-secret-two', user: 'user-secret-two', password: 'console-password-two' };
/** Blank is unset: the stored credentials stay as they are. */
const UNSET = { HUB_ORGANIZATION_SECRET: '', HUB_USER_SECRET: '', HUB_CONSOLE_PASSWORD: '' };

describe('operator settings and commands', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let hub: TestHub | undefined;

  const start = (env: Record<string, string>, secrets?: { organization: string; user: string }) =>
    startHub({ sharedEmulator: emulator, database, secrets, env }).then((started) => (hub = started));
  const restart = async (env: Record<string, string>, secrets?: { organization: string; user: string }) => {
    await hub?.close({ keepDatabase: true });
    hub = undefined;
    return start(env, secrets);
  };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await hub?.close({ keepDatabase: true });
    hub = undefined;
    await database.drop();
  });
  afterAll(() => emulator.close());

  it('applies a changed HUB_CONSOLE_PASSWORD on restart: the new password logs in, the old one does not', async () => {
    await start({ HUB_CONSOLE_PASSWORD: FIRST.password }, FIRST);
    expect(await consoleLogin(hub!, 'admin', FIRST.password)).toBe(303);

    await restart({ HUB_CONSOLE_PASSWORD: SECOND.password }, FIRST);
    expect(await consoleLogin(hub!, 'admin', SECOND.password)).toBe(303);
    expect(await consoleLogin(hub!, 'admin', FIRST.password)).toBe(401);
    expect(warnings(hub!)).toContainEqual(expect.stringContaining('HUB_CONSOLE_PASSWORD applied'));
    expect(hub!.logs.join('')).not.toContain(SECOND.password);

    // Unchanged on the next start: nothing is applied, nothing is said.
    await restart({ HUB_CONSOLE_PASSWORD: SECOND.password }, FIRST);
    expect(warnings(hub!).join('\n')).not.toContain('applied');
    expect(await consoleLogin(hub!, 'admin', SECOND.password)).toBe(303);
  });

  it('applies changed HUB_ORGANIZATION_SECRET and HUB_USER_SECRET on restart: the API takes the new ones and refuses the old', async () => {
    await start({}, FIRST);
    expect((await organization(hub!, FIRST)).status).toBe(200);

    await restart({}, SECOND);
    expect((await organization(hub!, SECOND)).status).toBe(200);
    expect((await organization(hub!, FIRST)).status).toBe(401);
    expect(warnings(hub!)).toEqual(
      expect.arrayContaining([expect.stringContaining('HUB_ORGANIZATION_SECRET applied'), expect.stringContaining('HUB_USER_SECRET applied')]),
    );
    expect(hub!.logs.join('')).not.toContain(SECOND.organization);
    expect(hub!.logs.join('')).not.toContain(SECOND.user);

    // Unset keeps what is stored.
    await restart(UNSET);
    expect((await organization(hub!, SECOND)).status).toBe(200);
  });

  it('resets a console password and rotates the secrets with `npm run hub`, and what it prints works', async () => {
    await start({ HUB_CONSOLE_PASSWORD: FIRST.password }, FIRST);
    if (onPostgres()) {
      // On PostgreSQL the commands run beside the hub, and the running hub takes the new password at once.
      const reset = await hubCommand(database, ['console-password', 'admin']);
      expect(reset.code).toBe(0);
      expect(await consoleLogin(hub!, 'admin', printedSecret(reset.stdout))).toBe(303);
      expect(await consoleLogin(hub!, 'admin', FIRST.password)).toBe(401);
    } else {
      // The embedded database is the running hub's: the command refuses rather than open it too.
      const refused = await hubCommand(database, ['console-password', 'admin']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`is in use by process ${process.pid}`);
      expect(refused.stdout).toBe('');
    }
    await hub!.close({ keepDatabase: true });
    hub = undefined;

    const password = await hubCommand(database, ['console-password', 'admin']);
    const organizationSecret = await hubCommand(database, ['rotate-organization-secret']);
    const userSecret = await hubCommand(database, ['rotate-user-secret']);
    expect([password.code, organizationSecret.code, userSecret.code]).toEqual([0, 0, 0]);
    const rotated = { organization: printedSecret(organizationSecret.stdout), user: printedSecret(userSecret.stdout) };
    const unknown = await hubCommand(database, ['console-password', 'nobody', '--password', 'long-enough-password']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no console admin "nobody". Console admins: admin');

    await start(UNSET);
    expect(await consoleLogin(hub!, 'admin', printedSecret(password.stdout))).toBe(303);
    expect((await organization(hub!, rotated)).status).toBe(200);
    expect((await organization(hub!, FIRST)).status).toBe(401);

  }, 120_000);

  it('warns about a misspelt setting, naming the setting it resembles', async () => {
    process.env.HUB_RATE_LIMT_PER_MINUTE = '5';
    try {
      await start({});
    } finally {
      delete process.env.HUB_RATE_LIMT_PER_MINUTE;
    }
    expect(warnings(hub!)).toContainEqual(expect.stringMatching(/HUB_RATE_LIMT_PER_MINUTE .*did you mean HUB_RATE_LIMIT_PER_MINUTE\?/));
  });
});

/** The console's login form, filled in and posted as a browser would: 303 to the console, or 401. */
async function consoleLogin(hub: TestHub, username: string, password: string): Promise<number> {
  const form = await hub.http().get(`${API}/console/login`).expect(200);
  const cookies = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  const answer = await hub.http().post(`${API}/console/login`).set('cookie', cookies.join('; ')).type('form').send({ username, password, _csrf: csrf });
  return answer.status;
}

function organization(hub: TestHub, secrets: { organization: string; user: string }) {
  return hub.http().get(`${API}/organizations/me`).set('authorization', `User ${secrets.user}, Organization ${secrets.organization}`);
}

/** The messages of the hub's warn-level log lines. */
function warnings(hub: TestHub): string[] {
  return hub.logs
    .flatMap((chunk) => chunk.split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((line) => line.level === 40)
    .map((line) => line.msg);
}

/** `npm run hub -- <args>` in a shell of its own, on the test's database. */
function hubCommand(database: TestDatabase, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', '--silent', 'hub', '--', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: database.dataDir, ...(database.url && { DATABASE_URL: database.url }) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** The secret a command printed on a line of its own. */
function printedSecret(stdout: string): string {
  const match = /\n\n {2}(\S+)\n/.exec(stdout);
  if (!match) throw new Error(`No secret in the command's output:\n${stdout}`);
  return match[1];
}
