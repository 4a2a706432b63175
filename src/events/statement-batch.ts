/**
 * Group commit for one kind of statement. Items added while `parallel` statements of the kind are
 * already running wait and go together in the next one: alone, an item goes at once; under load,
 * many share a round trip. When a statement of several items fails, each is tried alone, so one
 * bad row (an instance deleted meanwhile) fails only its own caller.
 */
export class StatementBatch<T, R> {
  private pending: Array<{ item: T; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  private running = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly parallel: number,
    private readonly maxItems = 500,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.running >= this.parallel || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxItems);
    this.running++;
    this.run(batch.map((b) => b.item))
      .then(
        (results) => batch.forEach((b, i) => (results[i] instanceof BatchItemError ? b.reject(results[i].error) : b.resolve(results[i] as R))),
        (error: unknown) => batch.forEach((b) => b.reject(error)),
      )
      .finally(() => {
        this.running--;
        this.next();
      });
  }

  private async run(items: T[]): Promise<Array<R | BatchItemError>> {
    try {
      return await this.write(items);
    } catch (error) {
      if (items.length === 1) throw error;
      return Promise.all(items.map((item) => this.write([item]).then((r) => r[0], (e: unknown) => new BatchItemError(e))));
    }
  }
}

class BatchItemError {
  constructor(readonly error: unknown) {}
}
