import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { writeFileSync } from 'node:fs';

/**
 * Loaded with `node -r` before the hub: opens the hub's PGlite with the settings the memory
 * benchmark is trying, without changing the hub. BENCH_PGLITE_OPTIONS is JSON: `settings`
 * (PostgreSQL settings, passed as `-c name=value` after the hub's start parameters, so they win) and any
 * PGliteOptions (initialMemory, relaxedDurability). With BENCH_PGLITE_HEAP_FILE, the size of the
 * WebAssembly memory and of V8's JavaScript heap are written there every 200 ms.
 */
const { settings = {}, ...options } = JSON.parse(process.env.BENCH_PGLITE_OPTIONS ?? '{}') as { settings?: Record<string, string> } & PGliteOptions;
const heapFile = process.env.BENCH_PGLITE_HEAP_FILE;
const create = PGlite.create.bind(PGlite) as (options: PGliteOptions) => Promise<PGlite>;

(PGlite as unknown as { create: (options: PGliteOptions) => Promise<PGlite> }).create = async (given: PGliteOptions) => {
  const startParams = [...(given.startParams ?? PGlite.defaultStartParams), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  const db = await create({ ...given, ...options, startParams });
  if (heapFile) {
    const heap = () => (db as unknown as { mod?: { HEAPU8: Uint8Array } }).mod?.HEAPU8.byteLength ?? 0;
    setInterval(() => writeFileSync(heapFile, JSON.stringify({ wasm: heap(), js: process.memoryUsage().heapTotal })), 200).unref();
  }
  return db;
};
