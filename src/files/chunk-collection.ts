import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** File bytes passed on between two young-generation collections. */
export const COLLECT_EVERY_BYTES = 4 * 1024 * 1024;

type Collect = (options: { type: 'minor' | 'major' }) => void;

let passed = 0;
let collect: Collect | null | undefined;

/**
 * Counts file bytes the hub has passed on, and asks V8 for a young-generation collection (a
 * scavenge, usually well under a millisecond) every COLLECT_EVERY_BYTES of them, however many
 * files are moving.
 *
 * Each socket read is a fresh 64 KB buffer outside V8's heap. A file's chunks die as soon as they
 * are written on, but streaming allocates almost nothing inside the heap, so nothing starts a
 * collection until V8's external-memory limit (tens of MB over the last one) is reached: a 100 MB
 * file grew a fresh hub by up to 38 MB on Node 20, 71 MB on Node 24 (docs/benchmarks.md,
 * "Files"). A scavenge frees them, since their handles are still young.
 */
export function passedOn(bytes: number): void {
  passed += bytes;
  if (passed < COLLECT_EVERY_BYTES) return;
  passed = 0;
  collect ??= collector();
  collect?.({ type: 'minor' });
}

/** A file's chunks as `body` gives them, each counted (`passedOn`) as it is passed on. */
export async function* countedChunks(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of body) {
    passedOn(chunk.length);
    yield chunk;
  }
}

/**
 * V8's `gc`: the global one when Node runs with --expose-gc, else one from a new context once the
 * flag is set (the flag is read as a context is created, so the hub's own global gets no `gc`).
 * Null where neither works: the chunks are then left to V8's own schedule.
 */
function collector(): Collect | null {
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as Collect) : null;
  } catch {
    return null;
  }
}
