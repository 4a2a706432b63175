import { HubShutdown } from './hub-shutdown';
import { PeriodicTask } from './periodic-task';

const shutdown = { within: async (work?: Promise<unknown>) => void (await work) } as unknown as HubShutdown;

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs first after firstMs, then every everyMs, goes on after a failure, and stops', async () => {
    const failures: unknown[] = [];
    let runs = 0;
    const sut = new PeriodicTask(
      async () => {
        if (++runs === 2) throw new Error('second run failed');
      },
      (error) => failures.push(error),
    );
    sut.start(10, 100);
    await jest.advanceTimersByTimeAsync(9);
    expect(runs).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
    expect(failures).toEqual([new Error('second run failed')]);
    await jest.advanceTimersByTimeAsync(100);
    expect(runs).toBe(3);

    await sut.stop(shutdown);
    expect(sut.stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(3);
  });

  it("counts everyMs from each run's start, and follows a run longer than that at once", async () => {
    const starts: number[] = [];
    const durations = [30, 150, 0];
    const sut = new PeriodicTask(
      () => (starts.push(performance.now()), new Promise<void>((resolve) => setTimeout(resolve, durations[starts.length - 1] ?? 0))),
      () => undefined,
    );
    const t0 = performance.now();
    sut.start(0, 100);
    await jest.advanceTimersByTimeAsync(400);
    await sut.stop(shutdown);
    // After the 30 ms run, the next 100 ms after its start, not after its end. After the 150 ms run,
    // the next as it ends: on the next timer, 1 ms on, as Node's setTimeout(0) is.
    expect(starts.slice(0, 4).map((start) => start - t0)).toEqual([0, 100, 251, 351]);
  });

  it('waits at stop for the run in progress, and starts none after it', async () => {
    let finish!: () => void;
    let runs = 0;
    const sut = new PeriodicTask(
      () => (runs++, new Promise<void>((resolve) => (finish = resolve))),
      () => undefined,
    );
    sut.start(0, 10);
    await jest.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = sut.stop(shutdown).then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(50);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(50);
    expect(runs).toBe(1);
  });
});
