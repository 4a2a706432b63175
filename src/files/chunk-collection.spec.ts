import { COLLECT_EVERY_BYTES, passedOn } from './chunk-collection';

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

describe('passedOn', () => {
  it('keeps the dead chunks of a 100 MB stream under 16 MB, where V8 alone lets them reach tens of MB', async () => {
    const start = process.memoryUsage().arrayBuffers;
    let peak = 0;
    for (let i = 0; i < (100 * MB) / CHUNK; i++) {
      // As a socket read gives them: a buffer of its own, outside the heap, dropped once passed on.
      const chunk = Buffer.allocUnsafeSlow(CHUNK);
      chunk[0] = i;
      passedOn(chunk.length);
      await new Promise(setImmediate);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - start);
    }
    expect(COLLECT_EVERY_BYTES).toBeLessThan(16 * MB);
    expect(peak).toBeLessThan(16 * MB);
  });
});
