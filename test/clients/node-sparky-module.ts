import fs from 'node:fs';

/**
 * node-sparky lifts all of `fs` into promises when it loads (`when/node`'s `liftAll`), and on
 * today's Node that also sets the stream classes behind `fs.ReadStream`/`fs.WriteStream` (and
 * their `File…` aliases) through their setters: every `fs.createReadStream` in the process then
 * returns a promise, the in-process emulator's file downloads hang, and so would the next test
 * file of the worker. Loaded through here, it gets its lifted copy and `fs` keeps its classes.
 */
export async function loadNodeSparky() {
  const settable = Object.entries(Object.getOwnPropertyDescriptors(fs)).filter(([, d]) => d.set).map(([name]) => name);
  const saved = settable.map((name) => [name, (fs as unknown as Record<string, unknown>)[name]] as const);
  try {
    return (await import('node-sparky')).default;
  } finally {
    for (const [name, value] of saved) (fs as unknown as Record<string, unknown>)[name] = value;
  }
}
