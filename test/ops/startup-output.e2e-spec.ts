import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { API } from '../support/hub';
import { startFlags, startHubProcess, type HubProcess } from '../support/hub-process';

/**
 * What a person sees on `npm start`: the compiled hub (built by npm start's prestart, run with its
 * Node flags) on a fresh data directory with no secrets set. stdout is the JSON log and nothing
 * else; the banner with the addresses and the first start's secrets goes to stderr (a pipe here,
 * not a TTY: it is printed all the same); `GET /` is a page of links.
 */
const ROOT = join(__dirname, '..', '..');

describe('start-up output', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let hub: HubProcess | undefined;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.js')], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
    emulator = await startEmulator({ port: 0 });
    database = await createTestDatabase();
  }, 300_000);
  afterAll(async () => {
    await hub?.kill('SIGKILL');
    await emulator?.close();
    await database?.drop();
  });

  const start = async (env: Record<string, string> = {}) => {
    const started = await startHubProcess({
      env: { DATA_DIR: database.dataDir, ...(database.url && { DATABASE_URL: database.url }), WEBEX_API_URL: emulator.baseUrl, ...env },
      args: [...startFlags(), join(ROOT, 'dist', 'src', 'main.js')],
      readyTimeoutMs: 120_000,
    });
    // The banner follows the listen; /health may answer a moment before it is written.
    for (let waited = 0; !started.stderr.some((line) => line.includes('Element Hub is ready')); waited += 50) {
      if (waited > 10_000) throw new Error(`no banner on stderr:\n${started.stderr.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    return started;
  };
  const jsonLines = (process: HubProcess) =>
    process.stdout.map((line) => {
      try {
        return JSON.parse(line) as { level: number; msg: string; context?: string };
      } catch {
        throw new Error(`stdout line is not JSON: ${line}`);
      }
    });
  const routeMapping = (line: { msg: string; context?: string }) => /^Mapped \{/.test(line.msg) || ['RoutesResolver', 'RouterExplorer', 'InstanceLoader'].includes(line.context ?? '');

  let authorization: string;
  let consolePassword: string;

  it('first start: JSON only on stdout, without route mapping at info; the banner with addresses and secrets on stderr only', async () => {
    hub = await start();
    const lines = jsonLines(hub);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.filter((line) => line.level >= 30 && routeMapping(line)).map((line) => line.msg)).toEqual([]);

    const banner = hub.stderr.join('\n');
    for (const path of [API, '/docs', '/console', '/health', '/metrics']) expect(banner).toContain(`${hub.origin}${path}`);
    expect(banner).toContain(`Data directory: ${database.dataDir}`);
    if (database.url) {
      const url = new URL(database.url);
      expect(banner).toContain(`Database:       PostgreSQL at ${url.host}${url.pathname}`);
      if (url.password) expect(banner).not.toContain(url.password);
    } else {
      expect(banner).toContain(`Database:       PGlite (embedded) in ${join(database.dataDir, 'pglite')}`);
    }
    authorization = /Authorization: (User \S+, Organization \S+)/.exec(banner)?.[1] ?? '';
    consolePassword = /user "admin", password (\S+)/.exec(banner)?.[1] ?? '';
    expect(authorization).not.toBe('');
    expect(consolePassword).not.toBe('');

    // The secrets work, and the JSON log never saw them.
    const res = await fetch(`${hub.origin}${API}/instances`, { headers: { authorization } });
    expect(res.status).toBe(200);
    await loginToConsole(hub.origin, 'admin', consolePassword);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stdout = hub.stdout.join('\n');
    for (const secret of [...authorization.split(/[ ,]+/).filter((word) => word.length > 20), consolePassword]) expect(stdout).not.toContain(secret);
  }, 180_000);

  it('answers GET / with a page linking the docs, the console, health and metrics, without credentials', async () => {
    const res = await fetch(`${hub!.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    for (const href of ['/docs', '/console', '/health', '/metrics']) expect(page).toContain(`href="${href}"`);
    expect((await fetch(`${hub!.origin}/console`, { redirect: 'manual' })).status).toBe(302);
    const docs = (await (await fetch(`${hub!.origin}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).not.toContain('/');
  });

  it('second start: the same banner without secrets, the old ones still work, route mapping only at debug', async () => {
    expect(await hub!.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    hub = await start({ LOG_LEVEL: 'debug' });
    const lines = jsonLines(hub);
    const mapped = lines.filter(routeMapping);
    expect(mapped.length).toBeGreaterThan(20);
    expect(mapped.every((line) => line.level === 20)).toBe(true);

    const banner = hub.stderr.join('\n');
    expect(banner).toContain(`${hub.origin}/docs`);
    expect(banner).not.toContain('First start');
    expect(banner).not.toContain(consolePassword);
    expect((await fetch(`${hub.origin}${API}/instances`, { headers: { authorization } })).status).toBe(200);
    await loginToConsole(hub.origin, 'admin', consolePassword);
    const stdout = hub.stdout.join('\n');
    for (const secret of [...authorization.split(/[ ,]+/).filter((word) => word.length > 20), consolePassword]) expect(stdout).not.toContain(secret);
  }, 180_000);
});

/** The console's login form, as a browser posts it: the CSRF token from the form and its cookie. */
async function loginToConsole(origin: string, username: string, password: string): Promise<void> {
  const form = await fetch(`${origin}${API}/console/login`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${origin}${API}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
  });
  expect(res.status).toBe(303);
}
