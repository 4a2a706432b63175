import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { startFlags } from '../test/support/hub-process';
import type { BenchResult } from './support';

/**
 * Every benchmark of the project: one line each. A module exports `run(): Promise<BenchResult[]>`.
 * `npm run bench` runs them all; `npm run bench -- emulator` runs the ones whose name matches.
 * They run with `npm start`'s Node flags, as do the servers they start in processes of their own.
 */
const BENCHMARKS: Array<{ name: string; load: () => Promise<{ run: () => Promise<BenchResult[]> }> }> = [
  { name: 'emulator', load: () => import('./emulator.bench') },
  { name: 'refresh', load: () => import('./refresh.bench') },
  { name: 'hub-proxy', load: () => import('./hub-proxy.bench') },
  { name: 'cache', load: () => import('./cache.bench') },
  { name: 'after-idle', load: () => import('./after-idle.bench') },
  { name: 'relay', load: () => import('./relay.bench') },
  { name: 'metrics', load: () => import('./metrics.bench') },
  { name: 'soak', load: () => import('./soak.bench') },
  { name: 'startup', load: () => import('./startup.bench') },
  { name: 'pglite-memory', load: () => import('./pglite-memory.bench') },
  { name: 'files', load: () => import('./files.bench') },
];

const figure = (n: number): string => (Number.isNaN(n) ? '-' : String(n));

function table(rows: BenchResult[]): string {
  const header = ['benchmark', 'req/s', 'p50 ms', 'p99 ms', 'notes'];
  const cells = rows.map((r) => [r.name, figure(r.requestsPerSecond), figure(r.p50Ms), figure(r.p99Ms), r.notes ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = BENCHMARKS.filter((b) => wanted.length === 0 || wanted.some((w) => b.name.includes(w)));
  if (selected.length === 0) throw new Error(`No benchmark matches ${wanted.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  const rows: BenchResult[] = [];
  let failed = 0;
  for (const bench of selected) {
    console.error(`running ${bench.name}...`);
    // One failing benchmark (say, no DATABASE_URL) still leaves the others' figures in the table.
    try {
      rows.push(...(await (await bench.load()).run()));
    } catch (error) {
      failed++;
      rows.push({ name: bench.name, requestsPerSecond: NaN, p50Ms: NaN, p99Ms: NaN, notes: `FAILED: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  // A figure holds for the runtime and machine that gave it: the table says which.
  console.log(`Node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} CPUs\n`);
  console.log(table(rows));
  if (failed > 0) process.exitCode = 1;
}

// The servers measured in this process run with the Node flags that production gives the hub.
const missingFlags = startFlags().filter((flag) => !process.execArgv.includes(flag));
if (missingFlags.length > 0) {
  process.exitCode = spawnSync(process.execPath, [...process.execArgv, ...missingFlags, __filename, ...process.argv.slice(2)], { stdio: 'inherit' }).status ?? 1;
} else {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
