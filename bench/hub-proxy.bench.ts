import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator';
import { createHubApp } from '../src/app.factory';
import { createRootLogger, turnBatchedDestination } from '../src/common/logger';
import { loadConfig } from '../src/config/hub-config';
import { moduleArgs, startFlags, startHubProcess, type HubProcess } from '../test/support/hub-process';
import { startBareProxy } from './bare-proxy';
import type { BenchWebex } from './emulator-process';
import { measure, type BenchResult, type LoadOptions } from './support';

const LOAD = { connections: 50, durationSeconds: 10 };
/** Each phase is measured this many times, in turn with the phase it is compared with. */
export const ROUNDS = 3;
const API = '/elements/api-v2';
export const SECRETS = { org: 'bench-organization-secret-0123456789abcdef', user: 'bench-user-secret-0123456789abcdef' };
/**
 * A benchmarked hub's settings: its own data, the emulator as Webex, no workers. The
 * organization's rate limit is still checked on every call, but set above what the load reaches
 * (the default, 60,000 a minute, ran out within one phase on a faster machine).
 */
export function benchHubEnv(dataDir: string, webexApiUrl: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    WEBEX_API_URL: webexApiUrl,
    HUB_ORGANIZATION_SECRET: SECRETS.org,
    HUB_USER_SECRET: SECRETS.user,
    HUB_WORKERS_ENABLED: 'false',
    HUB_RATE_LIMIT_PER_MINUTE: '100000000',
    LOG_LEVEL: 'info',
  };
}

const AUTH = `User ${SECRETS.user}, Organization ${SECRETS.org}`;

/**
 * `GET /hubs/collaboration/channels/{id}` through the hub, against the same Webex call made directly
 * to the emulator and through a bare Fastify + undici pass-through proxy, one after the other in
 * the same run. The hub logs its one line per request (LOG_LEVEL=info).
 *
 * First everything in this one process (the hub logging to /dev/null); then the bare proxy and
 * the hub each alone in a process of their own (the hub logging to a pipe this process reads),
 * whose CPU time per request shows what each costs to serve.
 *
 * The bare proxy and the hub take turns, ROUNDS times: a machine that speeds up or slows down
 * during the run then weighs on both alike. A row is the median round (by req/s); a ratio is
 * the median of the rounds' ratios.
 */
export async function run(): Promise<BenchResult[]> {
  const emulator = await startEmulator({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  // The same settings for the hub in this process and the hub in its own, each with its own data.
  const hubEnv = (dir: string) => benchHubEnv(dir, emulator.baseUrl);
  const config = loadConfig(hubEnv(dataDir));
  const hub = await createHubApp(config, createRootLogger('info', turnBatchedDestination(openSync('/dev/null', 'w'))));
  await hub.listen(0, '127.0.0.1');
  const hubUrl = `http://127.0.0.1:${(hub.getHttpServer().address() as AddressInfo).port}`;
  const proxy = await startBareProxy(emulator.origin);
  const processes: HubProcess[] = [];
  try {
    const { accessToken, roomId } = await benchRoom(emulator);
    const bearer = { authorization: `Bearer ${accessToken}` };
    const direct = await measure('direct: emulator GET /v1/rooms/{id}', { url: `${emulator.baseUrl}/rooms/${roomId}`, headers: bearer, ...LOAD });
    const [bareRounds, hubRounds] = await inTurn([
      { name: 'bare Fastify+undici proxy', load: { url: `${proxy.url}/v1/rooms/${roomId}`, headers: bearer, ...LOAD } },
      { name: 'hub GET /hubs/collaboration/channels/{id}', load: await hubLoad(hubUrl, emulator, roomId) },
    ]);
    const bare = median(bareRounds);
    bare.notes = `${ratio(bare, direct)}x direct`;
    const viaHub = median(hubRounds);
    viaHub.notes = `${compared(hubRounds, bareRounds)}; ${ratio(viaHub, direct)}x direct`;
    direct.notes = `50 connections, 10 s a phase, all in one process; bare proxy and hub ${ROUNDS} rounds in turn`;

    // Each server alone in a child process, started from the same build as this file, both with npm start's Node flags.
    const bareProcess = await startHubProcess({ env: { TARGET: emulator.origin }, args: [...startFlags(), ...moduleArgs('bench', 'bare-proxy')] });
    processes.push(bareProcess);
    const hubProcess = await startHubProcess({ env: hubEnv(mkdtempSync(join(dataDir, 'process-'))) });
    processes.push(hubProcess);
    const [bareAloneRounds, hubAloneRounds] = await inTurn([
      { name: 'bare proxy, own process', pid: bareProcess.pid, load: { url: `${bareProcess.origin}/v1/rooms/${roomId}`, headers: bearer, ...LOAD } },
      { name: 'hub, own process', pid: hubProcess.pid, load: await hubLoad(hubProcess.origin, emulator, roomId) },
    ]);
    const cpu = (rounds: Measured[]) => `${cpuPerRequest(rounds)} us CPU per request`;
    const cpuRatio = middle(hubAloneRounds.map((hub, i) => hub.cpuUsPerRequest! / bareAloneRounds[i].cpuUsPerRequest!));
    const bareAlone = median(bareAloneRounds);
    bareAlone.notes = cpu(bareAloneRounds);
    const hubAlone = median(hubAloneRounds);
    hubAlone.notes = `${cpu(hubAloneRounds)}, ${cpuRatio.toFixed(2)}x the bare proxy's; ${compared(hubAloneRounds, bareAloneRounds)}`;
    return [direct, bare, viaHub, bareAlone, hubAlone];
  } finally {
    for (const child of processes) await child.kill();
    await proxy.close();
    await hub.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ratio = (a: BenchResult, b: BenchResult) => (a.requestsPerSecond / b.requestsPerSecond).toFixed(2);

export interface Phase {
  name: string;
  load: LoadOptions;
  /** A server in its own process, whose CPU time per request is measured too. */
  pid?: number;
}
export type Measured = BenchResult & { cpuUsPerRequest?: number };

/** Each phase warmed up once, then all measured in turn, ROUNDS times over: the rounds of each phase. */
export async function inTurn(phases: Phase[]): Promise<Measured[][]> {
  for (const phase of phases) await measure(`${phase.name} (warm-up)`, { ...phase.load, durationSeconds: 3 });
  const rounds: Measured[][] = phases.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, phase] of phases.entries()) rounds[i].push(phase.pid ? await measureCpu(phase.name, phase.pid, phase.load) : await measure(phase.name, phase.load));
  }
  return rounds;
}

export const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** A copy of the round with the median req/s. */
export function median(rounds: Measured[]): Measured {
  const requestsPerSecond = middle(rounds.map((r) => r.requestsPerSecond));
  return { ...rounds.find((r) => r.requestsPerSecond === requestsPerSecond)! };
}

/** `rounds` against `base`, round by round: the median throughput ratio and p50 difference, and each round's ratio. */
function compared(rounds: Measured[], base: Measured[]): string {
  const p50 = middle(rounds.map((r, i) => r.p50Ms - base[i].p50Ms));
  return `${ratios(rounds, base)} bare proxy, +${p50.toFixed(1)} ms p50`;
}

/** The median of the round-by-round throughput ratios of `rounds` to `base`, and each round's: `1.23x (rounds 1.20, 1.23, 1.25)`. */
export function ratios(rounds: Measured[], base: Measured[]): string {
  const each = rounds.map((r, i) => r.requestsPerSecond / base[i].requestsPerSecond);
  return `${middle(each).toFixed(2)}x (rounds ${each.map((r) => r.toFixed(2)).join(', ')})`;
}

/** The median round's CPU time per request of a server in its own process, in whole µs. */
export function cpuPerRequest(rounds: Measured[]): number {
  return Math.round(middle(rounds.map((r) => r.cpuUsPerRequest!)));
}

export async function benchRoom(emulator: BenchWebex): Promise<{ accessToken: string; roomId: string }> {
  const { accessToken } = await emulator.createPerson({ email: 'bench@example.com', displayName: 'Bench' });
  const created = await fetch(`${emulator.baseUrl}/rooms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Bench room' }),
  });
  return { accessToken, roomId: ((await created.json()) as { id: string }).id };
}

/** Connects the bench person through `hubUrl` and returns the load of the hub call. */
export async function hubLoad(hubUrl: string, emulator: BenchWebex, roomId: string): Promise<LoadOptions> {
  const options = emulator.options;
  const { code } = await emulator.authorize({ clientId: options.clientId, redirectUri: options.redirectUris[0], scope: 'spark:all spark:kms', email: 'bench@example.com' });
  const created = await fetch(`${hubUrl}${API}/instances`, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({
      element: { key: 'ciscospark' },
      providerData: { code },
      configuration: { 'oauth.api.key': options.clientId, 'oauth.api.secret': options.clientSecret, 'oauth.callback.url': options.redirectUris[0] },
      name: 'bench',
    }),
  });
  if (!created.ok) throw new Error(`Connecting the bench instance: ${created.status} ${await created.text()}`);
  const { token } = (await created.json()) as { token: string };
  return { url: `${hubUrl}${API}/hubs/collaboration/channels/${roomId}`, headers: { authorization: `${AUTH}, Element ${token}` }, ...LOAD };
}

/** The load, measured, with the CPU time (user + system) the process `pid` spent per request meanwhile (Linux /proc). */
export async function measureCpu(name: string, pid: number, load: LoadOptions): Promise<Measured> {
  const before = cpuSeconds(pid);
  const result = await measure(name, load);
  return { ...result, cpuUsPerRequest: ((cpuSeconds(pid) - before) * 1e6) / result.requests! };
}

function cpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks of 1/100 s; the name in field 2 may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
