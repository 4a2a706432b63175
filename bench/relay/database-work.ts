import { Client } from 'pg';

/** A database's counters in pg_stat_database: commits, time spent executing statements, rows written and read. */
export interface DatabaseWork {
  commits: number;
  activeMs: number;
  rowsWritten: number;
  rowsRead: number;
  /** Index entries read, by index (pg_stat_user_indexes.idx_tup_read): where the rows read go. */
  indexReads: Record<string, number>;
}

/** Reads the counters of the database `url` names (they are flushed by each backend at least once a second). */
export async function databaseWork(url: string): Promise<DatabaseWork> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string>>(
      `SELECT xact_commit, active_time, tup_inserted + tup_updated + tup_deleted AS written, tup_returned + tup_fetched AS read
       FROM pg_stat_database WHERE datname = current_database()`,
    );
    const indexes = await client.query<{ name: string; n: string }>(`SELECT relname || '.' || indexrelname AS name, idx_tup_read AS n FROM pg_stat_user_indexes`);
    const indexReads = Object.fromEntries(indexes.rows.map((r) => [r.name, Number(r.n)]));
    return { commits: Number(rows[0].xact_commit), activeMs: Number(rows[0].active_time), rowsWritten: Number(rows[0].written), rowsRead: Number(rows[0].read), indexReads };
  } finally {
    await client.end();
  }
}

/** What happened between two readings, per event. */
export function perEvent(before: DatabaseWork, after: DatabaseWork, events: number): DatabaseWork {
  const per = (key: Exclude<keyof DatabaseWork, 'indexReads'>) => (after[key] - before[key]) / Math.max(1, events);
  const indexReads = Object.fromEntries(Object.entries(after.indexReads).map(([name, n]) => [name, (n - (before.indexReads[name] ?? 0)) / Math.max(1, events)]));
  return { commits: per('commits'), activeMs: per('activeMs'), rowsWritten: per('rowsWritten'), rowsRead: per('rowsRead'), indexReads };
}
