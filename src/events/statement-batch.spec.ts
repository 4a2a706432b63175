import { StatementBatch } from './statement-batch';

/** A write that records each statement's items and holds it until released. */
function setup(parallel: number, fails: (item: number) => boolean = () => false) {
  const statements: number[][] = [];
  const held: Array<() => void> = [];
  const write = jest.fn(async (items: number[]) => {
    statements.push(items);
    await new Promise<void>((resolve) => held.push(resolve));
    if (items.some(fails)) throw new Error(`bad row in ${items.join(',')}`);
    return items.map((i) => i * 10);
  });
  const release = async () => {
    for (const r of held.splice(0)) r();
    await new Promise((r) => setImmediate(r));
  };
  return { sut: new StatementBatch(write, parallel), statements, release };
}

describe('StatementBatch', () => {
  it('writes an item alone at once, and items arriving meanwhile together in the next statement', async () => {
    const { sut, statements, release } = setup(1);
    const first = sut.add(1);
    const rest = [sut.add(2), sut.add(3), sut.add(4)];
    expect(statements).toEqual([[1]]);
    await release();
    expect(statements).toEqual([[1], [2, 3, 4]]);
    await release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('runs up to `parallel` statements at once', async () => {
    const { sut, statements, release } = setup(2);
    const all = [1, 2, 3, 4].map((i) => sut.add(i));
    expect(statements).toEqual([[1], [2]]);
    await release();
    expect(statements).toEqual([[1], [2], [3, 4]]);
    await release();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40]);
  });

  it('when a statement of several fails, tries each alone: only the bad item fails', async () => {
    const { sut, statements, release } = setup(1, (i) => i === 3);
    const first = sut.add(1);
    const rest = [2, 3, 4].map((i) => sut.add(i).catch((e: Error) => e.message));
    await release();
    await release();
    await release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 'bad row in 3', 40]);
    expect(statements).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });
});
