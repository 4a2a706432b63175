import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { startEmulator } from '../emulator';
import { API, startHub } from '../test/support/hub';
import { moduleArgs, replicaEnv, sharedEncryptionKeys, startHubProcess, type HubProcess } from '../test/support/hub-process';
import { connectInstance } from '../test/support/recipe';
import type { BenchResult } from './support';

const MB = 1024 * 1024;
/** Webex's largest file, and the hub's default HUB_FILE_MAX_BYTES. */
const FILE_BYTES = Number(process.env.FILES_BENCH_BYTES ?? 100 * MB);
/** What the hub's memory may grow by while a file passes through (issue 19). */
const MAX_GROWTH_MB = 30;
/** Files passed through one after another, each measured against the same baseline. */
const PASSES = Number(process.env.FILES_BENCH_PASSES ?? 3);
const CHUNK = 64 * 1024;
const SAMPLE_MS = 20;

/**
 * A hub process's resident memory while a 100 MB file passes through it: sent with a message
 * (`multipart/form-data`, generated on the fly, never held whole by the sender either) and read
 * back through the files route, against the emulator in this process, FILES_BENCH_PASSES times.
 * The baseline is taken after a 1 MB file has been sent and read once, so what loads on first use
 * is in it; each figure is the peak RSS (sampled every 20 ms) above that one baseline, so a hub
 * that held files would show it on every pass. The file read back must hash as it was sent.
 */
export async function run(): Promise<BenchResult[]> {
  const emulator = await startEmulator({ port: 0 });
  let hub: HubProcess | undefined;
  let dropDatabase = async (): Promise<void> => undefined;
  try {
    const setup = await startHub({ sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys() } });
    dropDatabase = () => setup.database.drop();
    const instance = await connectInstance(setup);
    const auth = `${setup.auth}, Element ${instance.token}`;
    const env = replicaEnv(setup, { LOG_LEVEL: 'warn', HUB_WORKERS_ENABLED: 'false' });
    await setup.close({ keepDatabase: true });
    // FILES_BENCH_NODE_FLAGS replaces npm start's Node flags for the hub (say, another --max-semi-space-size).
    const flags = process.env.FILES_BENCH_NODE_FLAGS?.split(' ').filter(Boolean);
    hub = await startHubProcess({ env, readyTimeoutMs: 120_000, ...(flags && { args: [...flags, ...moduleArgs('src', 'main')] }) });
    const origin = hub.origin;
    const roomId = await createChannel(origin, auth);

    await sendAndReadBack(origin, auth, roomId, MB);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const baseline = rssMb(hub.pid);
    const sampler = peakSampler(hub.pid);
    const rows: BenchResult[] = [];
    const row = (name: string, ms: number, peak: number): BenchResult => {
      const growth = peak - baseline;
      const verdict = `${growth >= 0 ? '+' : ''}${growth} MB, ${growth < MAX_GROWTH_MB ? 'under' : 'OVER'} ${MAX_GROWTH_MB} MB`;
      return { name, requestsPerSecond: NaN, p50Ms: Math.round(ms), p99Ms: NaN, notes: `hub RSS ${baseline} MB before, peak ${peak} MB (${verdict}); ${Math.round(FILE_BYTES / MB / (ms / 1000))} MB/s` };
    };
    for (let pass = 1; pass <= PASSES; pass++) {
      const upload = await timed(() => sendFile(origin, auth, roomId, FILE_BYTES));
      rows.push(row(`files: ${FILE_BYTES / MB} MB sent with a message (pass ${pass})`, upload.ms, sampler.takePeak()));
      const download = await timed(() => readFile(origin, auth, upload.result.hubFile));
      rows.push(row(`files: ${FILE_BYTES / MB} MB read back (pass ${pass})`, download.ms, sampler.takePeak()));
      if (download.result.bytes !== FILE_BYTES || download.result.sha256 !== upload.result.sha256) throw new Error(`The file read back differs: ${download.result.bytes} bytes read of ${FILE_BYTES}`);
    }
    sampler.stop();
    return rows;
  } finally {
    await hub?.kill('SIGTERM');
    await dropDatabase();
    await emulator.close();
  }
}

async function createChannel(origin: string, auth: string): Promise<string> {
  const res = await request(`${origin}${API}/hubs/collaboration/channels`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Files bench' }) });
  const body = (await res.body.json()) as { id: string };
  if (res.statusCode !== 200) throw new Error(`Creating a channel answered ${res.statusCode}: ${JSON.stringify(body)}`);
  return body.id;
}

async function sendAndReadBack(origin: string, auth: string, roomId: string, bytes: number): Promise<void> {
  const sent = await sendFile(origin, auth, roomId, bytes);
  await readFile(origin, auth, sent.hubFile);
}

/** A message with a file of `bytes` pseudo-random bytes, produced a chunk at a time as the hub takes it. */
async function sendFile(origin: string, auth: string, roomId: string, bytes: number): Promise<{ hubFile: string; sha256: string }> {
  const boundary = 'files-bench-boundary';
  const hash = createHash('sha256');
  async function* form() {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nbench\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="bench.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    const chunk = Buffer.alloc(CHUNK);
    for (let sent = 0, n = 0; sent < bytes; n++) {
      const size = Math.min(CHUNK, bytes - sent);
      chunk.writeUInt32BE(n, 0);
      const part = Buffer.from(chunk.subarray(0, size));
      hash.update(part);
      sent += size;
      yield part;
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const res = await request(`${origin}${API}/hubs/collaboration/channels/${roomId}/messages`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Readable.from(form()),
  });
  const body = (await res.body.json()) as { hubFiles?: string[] };
  if (res.statusCode !== 200 || !body.hubFiles?.length) throw new Error(`Sending the file answered ${res.statusCode}: ${JSON.stringify(body)}`);
  return { hubFile: body.hubFiles[0], sha256: hash.digest('hex') };
}

async function readFile(origin: string, auth: string, path: string): Promise<{ bytes: number; sha256: string }> {
  const res = await request(`${origin}${path}`, { headers: { authorization: auth } });
  if (res.statusCode !== 200) throw new Error(`Reading the file answered ${res.statusCode}: ${await res.body.text()}`);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of res.body) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

function rssMb(pid: number): number {
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);
}

/** The highest RSS seen since the last `takePeak`. */
function peakSampler(pid: number) {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), SAMPLE_MS);
  const takePeak = () => {
    const seen = Math.max(peak, rssMb(pid));
    peak = rssMb(pid);
    return seen;
  };
  return {
    takePeak,
    stop: () => {
      clearInterval(timer);
      return takePeak();
    },
  };
}
