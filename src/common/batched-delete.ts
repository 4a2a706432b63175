/** What runs the statements: a TypeORM repository or data source. */
interface Queries {
  query(sql: string, parameters: unknown[]): Promise<unknown>;
}

/**
 * Deletes from `table` the rows whose `id` `select` lists, a batch at a time: the statement adds
 * `LIMIT $n FOR UPDATE SKIP LOCKED` (the batch size as the last parameter), so purges running side
 * by side on several replicas share the rows and delete each once. Stops at a short batch, or when
 * `keepGoing` answers false between two; returns how many rows went.
 */
export async function deleteInBatches(queries: Queries, table: string, select: string, parameters: unknown[], options: { batchSize?: number; keepGoing?: () => boolean } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  const statement = `DELETE FROM ${table} WHERE id IN (${select} LIMIT $${parameters.length + 1} FOR UPDATE SKIP LOCKED) RETURNING id`;
  let total = 0;
  for (;;) {
    const result = await queries.query(statement, [...parameters, batchSize]);
    // node-postgres gives [rows, count] for a DELETE ... RETURNING through TypeORM; PGlite the rows.
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as unknown[];
    total += rows.length;
    if (rows.length < batchSize || options.keepGoing?.() === false) return total;
  }
}
