import { createHmac } from 'node:crypto';
import { Pool, request } from 'undici';
import type { Receiver } from '../../test/events/relay-support';
import { databaseWork, perEvent, type DatabaseWork } from './database-work';
import { SqlCounter } from './sql-counter';

/** A relay under test: an intake taking signed Webex deliveries, and the receiver its deliveries reach. */
export interface RelaySystem {
  intakeUrl: string;
  /** The key of the X-Spark-Signature the intake checks. */
  secret: string;
  webhookId: string;
  receiver: Receiver;
  /** The PostgreSQL database it works in, when it is one: its statistics are read per phase. */
  databaseUrl?: string;
  close(): Promise<void>;
}

export interface PhaseResult {
  accepted: number;
  /** Deliveries the intake refused for back-pressure (503, Retry-After), each sent again after it. */
  refused: number;
  intakePerSecond: number;
  delivered: number;
  deliveredPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** SQL statements the process sent per delivered event, by statement (first words). */
  statements: Map<string, number>;
  /** CPU time of this whole process (senders and receiver included) per delivered event, in µs. */
  cpuUs: number;
  /** The database's work per delivered event (pg_stat_database), on PostgreSQL. */
  database?: DatabaseWork;
}

export interface PhaseOptions {
  senders: number;
  durationMs: number;
  /** Events per second offered; undefined is flat out (each sender posts again as soon as answered). */
  ratePerSecond?: number;
  /** How long delivery may trail the end of intake before the phase gives up waiting. */
  drainMs: number;
}

/**
 * Posts signed Webex deliveries to the intake for `durationMs`, then waits for the receiver to
 * have them all. Latency runs from the intake's 200 (the event is durable) to the receiver
 * getting it, so a slow intake shows in the intake rate, not in the latency.
 */
export async function runPhase(system: RelaySystem, options: PhaseOptions): Promise<PhaseResult> {
  const target = new URL(system.intakeUrl);
  const inbound = new Pool(target.origin, { connections: options.senders });
  const acceptedAt = new Map<string, number>();
  const before = system.databaseUrl ? await databaseWork(system.databaseUrl) : undefined;
  const counter = SqlCounter.start();
  const cpu = process.cpuUsage();
  let n = 0;
  let refused = 0;
  const started = Date.now();
  const deadline = started + options.durationMs;
  const sender = async () => {
    while (Date.now() < deadline) {
      const id = `bench-${n++}`;
      // Paced: event n leaves at started + n / rate.
      if (options.ratePerSecond) await new Promise((r) => setTimeout(r, Math.max(0, started + (n * 1000) / options.ratePerSecond! - Date.now())));
      const body = JSON.stringify({ id: system.webhookId, resource: 'messages', event: 'created', actorId: 'bench', data: { id, roomId: 'bench-room', created: new Date().toISOString() } });
      // As Webex does, a delivery refused with 503 and Retry-After (back-pressure) is sent again then.
      for (;;) {
        const res = await request(`${target.origin}${target.pathname}`, {
          method: 'POST',
          dispatcher: inbound,
          headers: { 'content-type': 'application/json', 'x-spark-signature': createHmac('sha1', system.secret).update(body).digest('hex') },
          body,
        });
        await res.body.dump();
        if (res.statusCode === 200) break;
        const retryAfter = Number(res.headers['retry-after']);
        if (res.statusCode !== 503 || !(retryAfter >= 0)) throw new Error(`intake answered ${res.statusCode}`);
        refused++;
        await new Promise((r) => setTimeout(r, retryAfter * 1000));
      }
      acceptedAt.set(id, Date.now());
    }
  };
  await Promise.all(Array.from({ length: options.senders }, sender));
  const intakeSeconds = (Date.now() - started) / 1000;
  await inbound.close();
  const { received } = system.receiver;
  const accepted = acceptedAt.size;
  const drainUntil = Date.now() + options.drainMs;
  while (received.length < accepted && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  const statements = counter.stop();
  const { user, system: kernel } = process.cpuUsage(cpu);
  // Backends flush their statistics at most once a second.
  if (before) await new Promise((r) => setTimeout(r, 1500));
  const after = system.databaseUrl ? await databaseWork(system.databaseUrl) : undefined;
  const latencies = received.map((r) => Math.max(0, r.at - acceptedAt.get(r.json.message.events[0].objectId)!)).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const lastAt = Math.max(...received.map((r) => r.at));
  for (const [sql, count] of statements) statements.set(sql, count / Math.max(1, received.length));
  return {
    accepted,
    refused,
    intakePerSecond: Math.round(accepted / intakeSeconds),
    delivered: received.length,
    deliveredPerSecond: Math.round(received.length / ((lastAt - started) / 1000)),
    p50Ms: pct(50),
    p99Ms: pct(99),
    statements,
    cpuUs: Math.round((user + kernel) / Math.max(1, received.length)),
    database: before && after && perEvent(before, after, received.length),
  };
}
