import { PostgresAdapter, type Kysely } from 'kysely';

/** The database behind a Storage: the embedded file, or a PostgreSQL server shared by many processes. */
export type Engine = 'sqlite' | 'postgres';

/** Read off the Kysely instance (or a transaction of it), so storage functions need no extra argument. */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

function codeOf(err: unknown): string {
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
