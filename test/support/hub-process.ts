import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import request from 'supertest';
import type { TestHub } from './hub';

/**
 * The hub as a separate Node process (`src/main.ts` through ts-node), for tests that need several
 * replicas on one PostgreSQL database or that kill a process (SIGKILL) and look at what is left.
 */
export interface HubProcess {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  pid: number;
  /** Every stdout/stderr line so far (pino JSON lines). */
  logs: string[];
  /** Every line so far of each stream apart: stdout is the JSON log, stderr the terminal's channel. */
  stdout: string[];
  stderr: string[];
  http(): ReturnType<typeof request>;
  /** Sends `signal` and resolves when the process has exited, with how it exited. */
  kill(signal?: NodeJS.Signals): Promise<HubProcessExit>;
}

export interface HubProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HubProcessOptions {
  /** Environment of the hub (DATABASE_URL, WEBEX_API_URL, secrets, keys, ...); PORT and HOST are set here. */
  env: Record<string, string>;
  readyTimeoutMs?: number;
  /** What node runs; the hub as `npm start` runs it (`startFlags()`, `moduleArgs('src', 'main')`) unless given. */
  args?: string[];
  /**
   * Where the JSON log (stdout) goes instead of a pipe to this process, as `npm start > file`
   * writes it; `logs` and `stdout` then hold none of it. For benchmarks: the process that drives
   * the load then does not also read, and keep, each of the hub's lines.
   */
  logFile?: string;
  /** What answers 200 once the process is ready; `/health` unless given (a benchmark's other servers have their own). */
  healthPath?: string;
}

const ROOT = join(__dirname, '..', '..');

/** `node` arguments that run a module of this project: its compiled JS when this file is compiled (the benchmarks), else its source through ts-node. */
export function moduleArgs(folder: string, name: string): string[] {
  if (__filename.endsWith('.js')) return [join(ROOT, folder, `${name}.js`)];
  return ['-r', 'ts-node/register/transpile-only', join(ROOT, folder, `${name}.ts`)];
}

/**
 * Node's own flags in `npm start` (package.json's start script, which deploy/Dockerfile repeats):
 * what production runs the hub with, and so what the benchmarks run their servers with.
 */
export function startFlags(): string[] {
  let root = __dirname;
  while (!existsSync(join(root, 'package.json'))) root = dirname(root);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** Starts a hub process and resolves once `GET /health` answers 200. */
export async function startHubProcess(options: HubProcessOptions): Promise<HubProcess> {
  const port = await freePort();
  const logFile = options.logFile === undefined ? undefined : openSync(options.logFile, 'a');
  const child = spawn(process.execPath, options.args ?? [...startFlags(), ...moduleArgs('src', 'main')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HUB_ALLOW_PRIVATE_CALLBACKS: 'true', ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', logFile ?? 'pipe', 'pipe'],
  });
  if (logFile !== undefined) closeSync(logFile);
  const logs: string[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  // Whole lines only: a pipe may cut a line between two chunks.
  const collect = (stream: string[]) => {
    let partial = '';
    return (chunk: Buffer) => {
      const lines = (partial + String(chunk)).split('\n');
      partial = lines.pop() ?? '';
      logs.push(...lines.filter(Boolean));
      stream.push(...lines.filter(Boolean));
    };
  };
  child.stdout?.on('data', collect(stdout));
  child.stderr!.on('data', collect(stderr));
  const exited = new Promise<HubProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${origin}${options.healthPath ?? '/health'}`, child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${logs.slice(-20).join('\n')}`);
  }
  return {
    origin,
    pid: child.pid!,
    logs,
    stdout,
    stderr,
    http: () => request(origin),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The environment a hub process needs to share `hub`'s database, emulator, secrets and encryption keys. */
export function replicaEnv(hub: TestHub, extra: Record<string, string> = {}): Record<string, string> {
  if (!hub.config.HUB_ENCRYPTION_KEYS) throw new Error('Start the test hub with HUB_ENCRYPTION_KEYS (sharedEncryptionKeys()) so replicas can open its secrets');
  return {
    DATA_DIR: hub.database.dataDir,
    ...(hub.database.url && { DATABASE_URL: hub.database.url }),
    WEBEX_API_URL: hub.emulator.baseUrl,
    HUB_ORGANIZATION_SECRET: hub.organizationSecret,
    HUB_USER_SECRET: hub.userSecret,
    HUB_ENCRYPTION_KEYS: hub.config.HUB_ENCRYPTION_KEYS,
    // Replicas of one hub share its public address: Webex's webhooks target it, and a replica that
    // reconciles them must see them as its own rather than register its own port beside them.
    ...(hub.config.HUB_PUBLIC_URL && { HUB_PUBLIC_URL: hub.config.HUB_PUBLIC_URL }),
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** An encryption key setting every process of a test uses. */
export function sharedEncryptionKeys(): string {
  return `test:${randomBytes(32).toString('base64')}`;
}

async function waitForHealth(healthUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Hub process exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      const res = await fetch(healthUrl);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Hub process not ready within ${timeoutMs} ms`);
}

/**
 * A free TCP port on the loopback interface, to know a server's URL before it starts. It is taken
 * below the kernel's ephemeral range: a port from `listen(0)` is free only until the next
 * `listen(0)` or outgoing connection of a parallel test takes it, which happens while a hub boots.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  for (let attempt = 0; attempt < 50 && low > PRIVATE_PORTS_FROM + 1000; attempt++) {
    const port = PRIVATE_PORTS_FROM + randomInt(low - PRIVATE_PORTS_FROM);
    if (await listensOn(port)) return port;
  }
  return listensOn(0) as Promise<number>;
}

/** Where the ports this picks begin, above the well-known and most registered services. */
const PRIVATE_PORTS_FROM = 20_000;

function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 0;
  } catch {
    return 0;
  }
}

/** The port once a server could listen on it (and closed again), or false when it is taken. */
function listensOn(port: number): Promise<number | false> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}
