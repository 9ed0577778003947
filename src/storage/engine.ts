import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

/** The database behind a Storage: the embedded file, or a PostgreSQL server shared by many processes. */
export type Engine = 'sqlite' | 'postgres';

/**
 * What differs between the engines, stated once per engine, as Kysely's dialect adapters do:
 * storage modules ask `capabilitiesOf(db)` for a capability, never which engine it is.
 */
export interface EngineCapabilities {
  engine: Engine;
  /**
   * Runs `work` in a transaction that writes in turn with every other write transaction of the
   * same `scope` (an organization id), in any process.
   */
  writeTransaction<T>(db: Kysely<any>, scope: string, work: (trx: Kysely<any>) => Promise<T>): Promise<T>;
  /** The type of a text column that sorts and compares by bytes (see migration 0006). */
  byteOrderText: 'text' | RawBuilder<unknown>;
  /** Whether a text column created without `byteOrderText` compares by locale and must be converted. */
  localeOrderedText: boolean;
  /** `FOR UPDATE SKIP LOCKED`: concurrent claimers skip the rows another is claiming. */
  skipLocked: boolean;
  /**
   * How records are fetched for a set of ids: `in-list` (PostgreSQL hashes an IN list, where a
   * join with a set operation's badly estimated output could become a nested loop) or
   * `cross-join` (SQLite follows a cross join's order as written, the set driving).
   */
  idSetJoin: 'in-list' | 'cross-join';
  /** Whether every process on the database can share rate-limit buckets at no extra write cost. */
  sharedRateLimits: boolean;
}

// SQLite's refusal of a ROLLBACK with no transaction open: "cannot rollback - no transaction is active".
const NO_TRANSACTION = /no transaction is active/i;

/**
 * Rolls back the transaction `failure` ended. SQLite rolls the whole transaction back itself on
 * some faults (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM): the ROLLBACK then finds no
 * transaction, which must not hide the cause. Any other refusal may leave the transaction open on
 * the connection, and is thrown itself, with `failure` as its cause.
 */
async function rollback(connection: Kysely<any>, failure: unknown): Promise<void> {
  try {
    await sql`rollback`.execute(connection);
  } catch (err) {
    if (!(err instanceof Error)) throw new Error(String(err), { cause: failure });
    if (NO_TRANSACTION.test(err.message)) return;
    err.cause ??= failure;
    throw err;
  }
}

/**
 * SQLite: BEGIN IMMEDIATE takes the database's single write lock from the first statement; a
 * deferred transaction that reads first could fail with SQLITE_BUSY when another process wrote in
 * between (busy_timeout makes it wait instead). `scope` is moot there: there is one lock.
 */
const SQLITE: EngineCapabilities = {
  engine: 'sqlite',
  writeTransaction: (db, _scope, work) =>
    db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (err) {
        await rollback(connection, err);
        throw err;
      }
    }),
  byteOrderText: 'text',
  localeOrderedText: false,
  skipLocked: false,
  idSetJoin: 'cross-join',
  // One writer a process at a time: a bucket write per request would cost more than the limit protects.
  sharedRateLimits: false,
};

/**
 * PostgreSQL: a transaction-scoped advisory lock on the scope, so writes to different
 * organizations run side by side, and reads never wait.
 */
const POSTGRES: EngineCapabilities = {
  engine: 'postgres',
  writeTransaction: (db, scope, work) =>
    db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${scope}, 0))`.execute(trx);
      return work(trx);
    }),
  byteOrderText: sql`text collate "C"`,
  localeOrderedText: true,
  skipLocked: true,
  idSetJoin: 'in-list',
  sharedRateLimits: true,
};

/** Read off the Kysely instance (or a transaction of it), so storage functions need no extra argument. */
export function capabilitiesOf(db: Kysely<any>): EngineCapabilities {
  return db.getExecutor().adapter instanceof PostgresAdapter ? POSTGRES : SQLITE;
}

/** The `code` an error carries (SQLite's, PostgreSQL's SQLSTATE, the OS's), as a string; '' when none. */
export function codeOf(err: unknown): string {
  return String((err as { code?: unknown } | null)?.code ?? '');
}

/** A unique or primary-key constraint refused the write. */
export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// Worth a retry by the client: the database is busy, restarting or out of connections, not broken.
const TRANSIENT_POSTGRES = new Set(['40001', '40P01', '53300', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const TRANSIENT_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

export function isTransientDatabaseError(err: unknown): boolean {
  const code = codeOf(err);
  if (code === 'SQLITE_BUSY' || TRANSIENT_POSTGRES.has(code) || TRANSIENT_NETWORK.has(code)) return true;
  // pg reports a pool that cannot hand out a connection in time, or a connection lost mid-query, by message only.
  const message = err instanceof Error ? err.message : '';
  return /timeout exceeded when trying to connect|Connection terminated/i.test(message);
}

// The disk under the database is full or failing. PostgreSQL: 53100 disk_full, 58030 io_error;
// the OS: ENOSPC, EDQUOT (a quota is full too), EIO (an fsync of the WAL the disk refused).
const STORAGE_FAULT_CODES = new Set(['SQLITE_FULL', '53100', '58030', 'ENOSPC', 'EDQUOT', 'EIO']);

/**
 * The disk refused a write: full, or failing (SQLITE_IOERR and its extended codes). Not a bug,
 * and not the client's: worth a retry once the operator freed space. Looks through `cause`, as
 * WalSync wraps the error of the sync it reports.
 */
export function isStorageFault(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = codeOf(e);
    if (STORAGE_FAULT_CODES.has(code) || code.startsWith('SQLITE_IOERR')) return true;
  }
  return false;
}
