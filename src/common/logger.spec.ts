import { setImmediate as nextTurn } from 'node:timers/promises';
import { TurnBatchedDestination } from './logger';

describe('TurnBatchedDestination', () => {
  const sinkOf = () => {
    const writes: string[] = [];
    return { writes, sink: { write: (text: string) => void writes.push(text) } };
  };

  it('writes the lines of one event-loop turn together, in order, once that turn is over', async () => {
    const { writes, sink } = sinkOf();
    const destination = new TurnBatchedDestination(sink);
    destination.write('{"n":1}\n');
    destination.write('{"n":2}\n');
    destination.write('{"n":3}\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n{"n":3}\n']);

    destination.write('{"n":4}\n');
    await nextTurn();
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n{"n":3}\n', '{"n":4}\n']);
  });

  it('writes what is pending at once when flushed (as on exit), and nothing twice', async () => {
    const { writes, sink } = sinkOf();
    const destination = new TurnBatchedDestination(sink);
    destination.write('last words\n');
    destination.flushSync();
    expect(writes).toEqual(['last words\n']);
    await nextTurn();
    destination.flushSync();
    expect(writes).toEqual(['last words\n']);
  });
});
