import { Client } from 'pg';

type Query = (this: Client, ...args: unknown[]) => unknown;

/**
 * Counts the SQL statements every pg client of this process sends (TypeORM's and
 * graphile-worker's alike), by their first words, while it runs: the round trips an event costs.
 */
export class SqlCounter {
  private static active?: SqlCounter;
  private static original?: Query;
  private readonly counts = new Map<string, number>();

  static start(): SqlCounter {
    if (!SqlCounter.original) {
      const original = (SqlCounter.original = Client.prototype.query as unknown as Query);
      (Client.prototype as unknown as { query: Query }).query = function (this: Client, ...args: unknown[]) {
        SqlCounter.active?.count(args[0]);
        return original.apply(this, args);
      };
    }
    return (SqlCounter.active = new SqlCounter());
  }

  stop(): Map<string, number> {
    if (SqlCounter.active === this) SqlCounter.active = undefined;
    return new Map([...this.counts].sort((a, b) => b[1] - a[1]));
  }

  private count(query: unknown): void {
    const text = typeof query === 'string' ? query : (query as { text?: string } | undefined)?.text;
    if (!text) return;
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}
