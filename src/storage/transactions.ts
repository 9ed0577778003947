import { sql } from 'kysely';
import type { DB } from './database.js';
import { engineOf } from './engine.js';

/**
 * Runs `work` in a transaction that writes in turn with every other write transaction of the same
 * `scope` (an organization id), in any process. Record writes read before they write (the record,
 * its links, derived statuses), so they must not interleave.
 *
 * SQLite: BEGIN IMMEDIATE takes the database's single write lock from the first statement; a
 * deferred transaction that reads first could fail with SQLITE_BUSY when another process wrote in
 * between (busy_timeout makes it wait instead). `scope` is moot there: there is one lock.
 *
 * PostgreSQL: a transaction-scoped advisory lock on the scope, so writes to different
 * organizations run side by side, and reads never wait.
 */
export async function writeTransaction<T>(db: DB, scope: string, work: (trx: DB) => Promise<T>): Promise<T> {
  if (engineOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${scope}, 0))`.execute(trx);
      return work(trx);
    });
  }
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (err) {
      await sql`rollback`.execute(connection);
      throw err;
    }
  });
}
