import { HubShutdown } from './hub-shutdown';

/**
 * When a process's retention purges run: the first a minute after start (a start stays fast, and a
 * fleet restarting together does not purge together), then every 10 minutes.
 */
export const PURGE_SCHEDULE = { firstMs: 60_000, everyMs: 10 * 60_000 } as const;

/**
 * A job a hub process runs on a timer: first after `firstMs`, then every `everyMs` counted from
 * each run's start, as the settings that set it promise ("checked every ..."); a run that takes
 * longer is followed at once when it ends (runs never overlap). A failed run is handed to `failed`
 * and the timer goes on. `stop()` at shutdown cancels the next run and waits for the one in
 * progress, within the shutdown deadline.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private halted = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** True once stopping began: a long run checks it between its steps. */
  get stopped(): boolean {
    return this.halted;
  }

  start(firstMs: number, everyMs: number): void {
    this.timer = setTimeout(() => {
      const began = performance.now();
      this.running = this.run()
        .then(() => undefined, this.failed)
        .finally(() => {
          this.running = undefined;
          // The monotonic clock: a wall clock set back would otherwise hold the next run that much longer.
          if (!this.halted) this.start(Math.max(0, began + everyMs - performance.now()), everyMs);
        });
    }, firstMs);
    // A timer alone keeps no process alive.
    this.timer.unref();
  }

  async stop(shutdown: HubShutdown): Promise<void> {
    this.halted = true;
    clearTimeout(this.timer);
    await shutdown.within(this.running);
  }
}
