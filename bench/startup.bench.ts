import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { freePort, startFlags } from '../test/support/hub-process';
import type { BenchResult } from './support';

/** Starts of each kind (STARTUP_RUNS, default 3); rows give the median and the slowest. */
const RUNS = Number(process.env.STARTUP_RUNS ?? 3);
const IDLE_MS = 5000;

interface Start {
  ms: number;
  rssMb: number;
}

/**
 * Time from spawning the hub to `/health/ready` answering 200, and its RSS after 5 s idle:
 * `node <npm start's flags> dist/src/main.js`, a first start (empty database: migrations, the
 * organization, the argon2 hash of the console password) and a second start on the same data,
 * on PGlite and (with DATABASE_URL) on a fresh PostgreSQL database; plus a second start through
 * `npm start` itself (npm, and the prestart that finds the build up to date). The baseline, in
 * the same run: a bare `node -e` HTTP server, from spawn to its first answer.
 */
export async function run(): Promise<BenchResult[]> {
  const root = projectRoot();
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-if-stale.js')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error('the build failed');
  const main = join(root, 'dist', 'src', 'main.js');
  const bare = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;

  const samples = new Map<string, Start[]>();
  const record = (name: string, start: Start) => samples.set(name, [...(samples.get(name) ?? []), start]);
  const kinds: Array<{ label: string; postgres: boolean }> = [{ label: 'PGlite', postgres: false }];
  if (process.env.DATABASE_URL) kinds.push({ label: 'PostgreSQL', postgres: true });
  else console.error('startup: no DATABASE_URL, so no PostgreSQL rows');

  for (let i = 0; i < RUNS; i++) {
    console.error(`startup: run ${i + 1} of ${RUNS}`);
    record('bare node -e http server', await timeStart(root, [...startFlags(), '-e', bare], {}, '/'));
    for (const kind of kinds) {
      const database = await freshDatabase(kind.postgres);
      try {
        const env = { DATA_DIR: database.dataDir, ...(database.url && { DATABASE_URL: database.url }) };
        record(`${kind.label}, first start`, await timeStart(root, [...startFlags(), main], env));
        record(`${kind.label}, second start`, await timeStart(root, [...startFlags(), main], env));
        if (!kind.postgres) record(`${kind.label}, second start via npm start`, await timeStart(root, ['npm', 'start'], env));
      } finally {
        await database.drop();
      }
    }
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const baseline = median(samples.get('bare node -e http server')!.map((s) => s.ms));
  return [...samples].map(([name, starts]) => {
    const ms = median(starts.map((s) => s.ms));
    const first = name.includes('second start') && samples.get(name.replace(/second start.*/, 'first start'));
    const ratios = [`${(ms / baseline).toFixed(1)}x bare node`];
    if (first) ratios.push(`${(ms / median(first.map((s) => s.ms))).toFixed(2)}x first start`);
    return {
      name: `start to ready: ${name}`,
      requestsPerSecond: NaN,
      p50Ms: ms,
      p99Ms: Math.max(...starts.map((s) => s.ms)),
      notes: `median of ${starts.length} (p99 column: slowest); idle RSS ${median(starts.map((s) => s.rssMb))} MB; ${ratios.join(', ')}`,
    };
  });
}

function projectRoot(): string {
  let root = __dirname;
  while (!existsSync(join(root, 'package.json'))) root = dirname(root);
  return root;
}

async function freshDatabase(postgres: boolean): Promise<TestDatabase> {
  const saved = process.env.DATABASE_URL;
  if (!postgres) delete process.env.DATABASE_URL;
  try {
    return await createTestDatabase();
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
}

/** Spawns `command` (node arguments, or `npm ...`), times it to `path` answering 200, idles, reads its RSS, stops it. */
async function timeStart(root: string, command: string[], env: Record<string, string>, path = '/health/ready'): Promise<Start> {
  const port = await freePort();
  const [file, args] = command[0] === 'npm' ? ['npm', command.slice(1)] : [process.execPath, command];
  const started = performance.now();
  const child = spawn(file, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await untilAnswered(`http://127.0.0.1:${port}${path}`, child);
    const ms = Math.round(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    // Under npm: npm, its shell, then node; the deepest process running main.js is the hub.
    const server = command[0] === 'npm' ? descendants(child.pid!).filter((pid) => cmdline(pid).includes('dist/src/main.js')).pop() : child.pid!;
    if (!server) throw new Error('npm start: no hub process under npm');
    const rssMb = Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server}/status`, 'utf8'))![1]) / 1024);
    // npm passes SIGTERM on to the hub; the hub drains and exits 0.
    process.kill(server, 'SIGTERM');
    if (server !== child.pid) child.kill('SIGTERM');
    await exited;
    return { ms, rssMb };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

async function untilAnswered(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode}) before answering`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url}: no answer within 120 s`);
}

function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}
