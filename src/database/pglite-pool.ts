import { PGlite } from '@electric-sql/pglite';
import { EventEmitter } from 'node:events';

type Release = (err?: unknown) => void;
type ConnectCallback = (err: unknown, client: unknown, release: Release) => void;
type QueryCallback = (err: unknown, result: unknown) => void;

/**
 * A `pg.Pool` look-alike for TypeORM over one PGlite database. PGlite has a single session, so
 * two transactions must never interleave on it: the pool lends its one client to one query runner
 * at a time, which is what a pool of size one would do.
 */
export function createPGlitePool(open: () => Promise<PGlite>, closed: () => void = () => undefined) {
  let db: Promise<PGlite> | undefined;
  const database = () => (db ??= open());
  const waiting: Array<() => void> = [];
  let busy = false;

  const acquire = () =>
    new Promise<void>((resolve) => {
      if (!busy) {
        busy = true;
        resolve();
      } else waiting.push(resolve);
    });
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };

  // TypeORM subscribes to the client's `error` events, as it would on a pg client.
  class PGliteClient extends EventEmitter {
    async query(sql: string, params?: unknown[] | QueryCallback, callback?: QueryCallback) {
      const cb = typeof params === 'function' ? params : callback;
      const values = Array.isArray(params) ? params : undefined;
      try {
        const pg = await database();
        const result =
          values && values.length > 0
            ? await pg.query(sql, values)
            : ((await pg.exec(sql)).at(-1) ?? { rows: [], fields: [], affectedRows: 0 });
        // TypeORM reads pg's `command` and `rowCount` to report affected rows of UPDATE and DELETE.
        const command = sql.trimStart().split(/\s/, 1)[0].toUpperCase();
        const shaped = { ...result, command, rowCount: (result as { affectedRows?: number }).affectedRows ?? result.rows.length };
        cb?.(null, shaped);
        return shaped;
      } catch (error) {
        if (cb) cb(error, null);
        else throw error;
      }
    }
  }

  const client = new PGliteClient();

  return class PGlitePool extends EventEmitter {
    connect(callback: ConnectCallback) {
      acquire().then(
        () => database().then(
          () => callback(null, client, () => release()),
          (err) => {
            release();
            callback(err, null, () => undefined);
          },
        ),
        (err) => callback(err, null, () => undefined),
      );
    }

    query(sql: string, params?: unknown[] | QueryCallback, callback?: QueryCallback) {
      return acquire().then(() => client.query(sql, params, callback).finally(release));
    }

    end(callback?: (err?: unknown) => void) {
      const closing = db ? db.then((pg) => pg.close()).then(closed) : Promise.resolve();
      db = undefined;
      closing.then(() => callback?.(), (err) => callback?.(err));
    }
  };
}
