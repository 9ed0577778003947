import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB, Storage } from './database.js';
import type { DatabaseSchema } from './schema.js';
import { rewriteMigrationLock, StorageHealth } from './storage-health.js';

/** Connections one process keeps; several processes share the server's own limit (max_connections). */
const POOL_SIZE = 10;

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

export function openPostgres(url: string): Storage {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (restart, failover) must not crash the process: the pool
  // discards it and the next query opens a new one.
  pool.on('error', () => {});
  const health = new StorageHealth(() => rewriteMigrationLock(db)());
  const db: DB = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    location: redactUrl(url),
    health,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    // Each commit waits for the server's WAL flush (synchronous_commit on).
    durable: async () => {},
    close: () => db.destroy(),
  };
}
