import type { Config } from '../config.js';
import { openSqlite, type Storage } from './database.js';
import { migrateToLatest } from './migrate.js';

/** Opens the configured database and brings its schema up to date. */
export async function openStorage(config: Pick<Config, 'dataDir'>): Promise<Storage> {
  const storage = openSqlite(config.dataDir);
  try {
    await migrateToLatest(storage.db);
  } catch (err) {
    await storage.close();
    throw err;
  }
  return storage;
}
