import { sql } from 'kysely';
import type { DB } from './database.js';

/**
 * Runs `work` in a transaction that holds the write lock from its first statement. On SQLite a
 * deferred transaction that reads before it writes can fail with SQLITE_BUSY when another
 * process wrote in between; BEGIN IMMEDIATE waits for the lock (busy_timeout) instead.
 */
export async function writeTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
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
