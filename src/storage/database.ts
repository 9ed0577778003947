import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Engine } from './engine.js';
import type { DatabaseSchema } from './schema.js';
import { withStatementCache } from './statement-cache.js';

export type DB = Kysely<DatabaseSchema>;

export interface Storage {
  db: DB;
  engine: Engine;
  /** Where the data lives, for logs; never includes credentials. */
  location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const SQLITE_FILE_NAME = 'fieldhouse.db';

export function openSqlite(dataDir: string): Storage {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  // FULL: a committed write survives power loss, not only a process crash.
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  // Other processes (the CLI beside a running server) wait for the write lock instead of failing.
  connection.pragma('busy_timeout = 5000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  return {
    db,
    engine: 'sqlite',
    location: file,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
