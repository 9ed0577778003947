import path from 'node:path';
import type { Config } from '../config.js';
import { openSqlite, SQLITE_FILE_NAME, type SqliteOptions, type Storage } from './database.js';
import { migrateToLatest } from './migrate.js';
import { openPostgres, redactUrl } from './postgres.js';
import { asStorageUnavailable, StorageUnavailableError } from './storage-unavailable.js';

export { StorageUnavailableError };

/** Where the configured database lives, for messages, without opening it; never includes credentials. */
export function databaseLocation(config: Pick<Config, 'dataDir' | 'databaseUrl'>): string {
  return config.databaseUrl ? redactUrl(config.databaseUrl) : path.join(config.dataDir, SQLITE_FILE_NAME);
}

/** The configured database: PostgreSQL when DATABASE_URL is set, the embedded file otherwise. */
export function openDatabase(config: Pick<Config, 'dataDir' | 'databaseUrl'>, options: SqliteOptions = {}): Storage {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config.dataDir, options);
}

/** Opens the configured database and brings its schema up to date. */
export async function openStorage(config: Pick<Config, 'dataDir' | 'databaseUrl'>, options: SqliteOptions = {}): Promise<Storage> {
  const storage = openDatabase(config, options);
  try {
    await storage.ping().catch((err: unknown) => {
      throw new StorageUnavailableError(`Cannot reach the database at ${storage.location}: ${err instanceof Error ? err.message : String(err)}`);
    });
    await migrateToLatest(storage.db).catch((err: unknown) => {
      throw asStorageUnavailable(`Cannot bring the database at ${storage.location} up to date`, err);
    });
  } catch (err) {
    // Closing a storage that failed to open may fail the same way; the first failure is the one to report.
    await storage.close().catch(() => {});
    throw err;
  }
  return storage;
}
