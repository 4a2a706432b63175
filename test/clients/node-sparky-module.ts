import fs from 'node:fs';

/**
 * node-sparky lifts all of `fs` into promises when it loads (`when/node`'s `liftAll`): it assigns
 * each lifted function onto `Object.create(fs)`. Where `fs` has an accessor, that assignment runs
 * the accessor instead of making a property of the copy:
 * - a setter (`ReadStream`, `WriteStream` and their `File…` aliases) replaces the class behind `fs`
 *   itself, so every `fs.createReadStream` in the process returns a promise, the in-process
 *   emulator's file downloads hang, and so would the next test file of the worker;
 * - a getter alone (Node 24's `Utf8Stream`) makes the assignment throw, and the import fails.
 * Loaded through here, `fs`'s accessors are plain values while node-sparky loads, so it gets its
 * lifted copy, and `fs` gets its own accessors back afterwards.
 */
export async function loadNodeSparky() {
  const accessors = Object.entries(Object.getOwnPropertyDescriptors(fs)).filter(
    ([, d]) => (d.get || d.set) && d.configurable,
  );
  for (const [name, d] of accessors) {
    Object.defineProperty(fs, name, { value: d.get?.call(fs), writable: true, enumerable: d.enumerable, configurable: true });
  }
  try {
    return (await import('node-sparky')).default;
  } finally {
    for (const [name, d] of accessors) Object.defineProperty(fs, name, d);
  }
}
