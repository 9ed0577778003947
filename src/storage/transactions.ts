import type { DB } from './database.js';
import { capabilitiesOf } from './engine.js';

/**
 * Runs `work` in a transaction that writes in turn with every other write transaction of the same
 * `scope` (an organization id), in any process. Record writes read before they write (the record,
 * its links, derived statuses), so they must not interleave. How each engine does it is in engine.ts.
 */
export function writeTransaction<T>(db: DB, scope: string, work: (trx: DB) => Promise<T>): Promise<T> {
  return capabilitiesOf(db).writeTransaction(db, scope, work as (trx: DB) => Promise<T>) as Promise<T>;
}
