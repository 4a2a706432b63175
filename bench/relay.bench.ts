import { startHubRelay } from './relay/hub-relay';
import { startJobQueueRelay } from './relay/job-queue-relay';
import { runPhase, type PhaseOptions, type PhaseResult, type RelaySystem } from './relay/relay-load';
import type { BenchResult } from './support';

/** Delivery slots of the one process, for the hub and the baseline alike. */
const SLOTS = Number(process.env.RELAY_SLOTS ?? 64);
const SECONDS = Number(process.env.RELAY_SECONDS ?? 15);
/** A fixed paced rate (events/s) run after the others when set, e.g. 700, half the issue's 1,400 target. */
const FIXED_RATE = process.env.RELAY_PACED_RATE ? Number(process.env.RELAY_PACED_RATE) : undefined;

const SYSTEMS: Array<{ name: string; start: (slots: number) => Promise<RelaySystem> }> = [
  { name: 'hub', start: startHubRelay },
  { name: 'graphile-worker', start: startJobQueueRelay },
];

/** RELAY_SYSTEMS=hub (or graphile-worker) runs one of them, to profile it alone. */
const ONLY = process.env.RELAY_SYSTEMS;

/** Unmeasured, before each measured phase: the process's first events load modules and compile code. */
const WARM_UP: PhaseOptions = { senders: 32, durationMs: 2000, drainMs: 60_000 };

const FLAT_OUT: PhaseOptions = { senders: 32, durationMs: SECONDS * 1000, drainMs: 180_000 };
const paced = (ratePerSecond: number): PhaseOptions => ({ ...FLAT_OUT, ratePerSecond });

/**
 * Flat out, then paced at half the rate the same system delivered flat out in this run (issue 21's
 * "at half that rate", checkable on any machine), then at RELAY_PACED_RATE when it is set.
 */
const PHASES: Array<{ name: string; options: (flatOut?: PhaseResult) => PhaseOptions }> = [
  { name: 'flat out', options: () => FLAT_OUT },
  { name: 'paced at half its flat out', options: (flatOut) => paced(Math.max(1, Math.round(flatOut!.deliveredPerSecond / 2))) },
  ...(FIXED_RATE ? [{ name: `paced ${FIXED_RATE}/s`, options: () => paced(FIXED_RATE) }] : []),
];

/**
 * Inbound Webex webhook → durable event → signed POST to a local callback → completed, on
 * PostgreSQL, for the hub's relay and for graphile-worker doing the same work (the baseline), in
 * the same run and in turn, each phase on a fresh system and database after 2 s of unmeasured
 * warm-up. Senders, intake, worker and receiver share one process. Rows give delivered events/s
 * and latency from intake's 200 to the callback; notes give the intake rate and, per delivered
 * event, the SQL statements sent, the process's CPU time and the database's work.
 */
export async function run(): Promise<BenchResult[]> {
  if (!process.env.DATABASE_URL) throw new Error('relay benchmark: set DATABASE_URL (it measures PostgreSQL)');
  const rows: BenchResult[] = [];
  const systems = SYSTEMS.filter((s) => !ONLY || ONLY === s.name);
  const flatOut = new Map<string, PhaseResult>();
  for (const phase of PHASES) {
    const results: PhaseResult[] = [];
    for (const system of systems) {
      const options = phase.options(flatOut.get(system.name));
      const name = options.ratePerSecond ? `${phase.name} (${options.ratePerSecond}/s)` : phase.name;
      console.error(`relay: ${system.name}, ${name}`);
      const running = await system.start(SLOTS);
      try {
        await runPhase(running, WARM_UP);
        running.receiver.received.length = 0;
        results.push(await runPhase(running, options));
      } finally {
        await running.close();
      }
      if (!flatOut.has(system.name)) flatOut.set(system.name, results.at(-1)!);
      rows.push(row(`relay ${name}: ${system.name}`, results.at(-1)!));
      logStatements(`${system.name}, ${name}`, results.at(-1)!);
    }
    if (results.length === 2) rows.push(ratio(`relay ${phase.name}: hub / graphile-worker`, results[0], results[1]));
  }
  return rows;
}

function row(name: string, r: PhaseResult): BenchResult {
  const perEvent = [...r.statements.values()].reduce((a, b) => a + b, 0);
  const db = r.database && `; in PostgreSQL ${r.database.commits.toFixed(1)} commits, ${(r.database.activeMs * 1000).toFixed(0)} µs executing, ${r.database.rowsWritten.toFixed(1)} rows written, ${r.database.rowsRead.toFixed(1)} read`;
  return {
    name,
    requestsPerSecond: r.deliveredPerSecond,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    notes: `intake ${r.intakePerSecond}/s; ${r.accepted} in, ${r.delivered} delivered, ${r.refused} refused (503); ${perEvent.toFixed(1)} SQL statements, ${r.cpuUs} µs of this process's CPU${db ?? ''} per event; ${SECONDS} s, ${SLOTS} slots`,
  };
}

function ratio(name: string, hub: PhaseResult, baseline: PhaseResult): BenchResult {
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  return {
    name,
    requestsPerSecond: NaN,
    p50Ms: NaN,
    p99Ms: NaN,
    notes: `delivered/s ${x(hub.deliveredPerSecond, baseline.deliveredPerSecond)}, intake/s ${x(hub.intakePerSecond, baseline.intakePerSecond)}, p50 ${x(hub.p50Ms, baseline.p50Ms)}, p99 ${x(hub.p99Ms, baseline.p99Ms)}, CPU per event ${x(hub.cpuUs, baseline.cpuUs)}`,
  };
}

function logStatements(label: string, r: PhaseResult): void {
  console.error(`relay: ${label}: SQL statements per delivered event`);
  for (const [sql, perEvent] of [...r.statements].slice(0, 8)) console.error(`  ${perEvent.toFixed(3)}  ${sql}`);
  const indexes = Object.entries(r.database?.indexReads ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 5);
  if (indexes.length) console.error(`relay: ${label}: index entries read per delivered event: ${indexes.map(([name, n]) => `${name} ${n.toFixed(1)}`).join(', ')}`);
}
