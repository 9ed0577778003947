import type { Config } from '../config.js';
import { openSqlite, type SqliteOptions, type Storage } from './database.js';
import { migrateToLatest } from './migrate.js';
import { openPostgres } from './postgres.js';

/** The configured database: PostgreSQL when DATABASE_URL is set, the embedded file otherwise. */
export function openDatabase(config: Pick<Config, 'dataDir' | 'databaseUrl'>, options: SqliteOptions = {}): Storage {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config.dataDir, options);
}

/** The database cannot be reached or opened: a deployment problem to report plainly, not a bug. */
export class StorageUnavailableError extends Error {}

/** Opens the configured database and brings its schema up to date. */
export async function openStorage(config: Pick<Config, 'dataDir' | 'databaseUrl'>, options: SqliteOptions = {}): Promise<Storage> {
  const storage = openDatabase(config, options);
  try {
    await storage.ping().catch((err: unknown) => {
      throw new StorageUnavailableError(`Cannot reach the database at ${storage.location}: ${err instanceof Error ? err.message : String(err)}`);
    });
    await migrateToLatest(storage.db);
  } catch (err) {
    await storage.close();
    throw err;
  }
  return storage;
}
