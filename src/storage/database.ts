import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import type { Engine } from './engine.js';
import type { DatabaseSchema } from './schema.js';
import { checkDatabaseFile } from './sqlite-file-check.js';
import { TransactionalDdlSqliteDialect } from './sqlite-dialect.js';
import { withStatementCache } from './statement-cache.js';
import { requireFreeSpace, rewriteMigrationLock, StorageHealth } from './storage-health.js';
import { asStorageUnavailable, describeStorageError, StorageUnavailableError } from './storage-unavailable.js';
import { WalFile, WalSync } from './wal-sync.js';

export type DB = Kysely<DatabaseSchema>;

export interface Storage {
  db: DB;
  engine: Engine;
  /** Where the data lives, for logs; never includes credentials. */
  location: string;
  /** Whether the disk refused a write, until `/readyz` finds it takes writes again. */
  health: StorageHealth;
  ping(): Promise<void>;
  /**
   * Resolves once every write this process committed before the call is durable. Immediate where
   * each commit waits for the disk itself (PostgreSQL, SQLite opened with `durability: 'commit'`).
   */
  durable(): Promise<void>;
  close(): Promise<void>;
}

/**
 * When a SQLite commit reaches the disk. 'commit': each commit fsyncs before it returns (the CLI,
 * the worker). 'answer': commits return once written and `durable()` fsyncs them in groups, off the
 * event loop; the server waits for it before any response leaves, so nothing answered can be lost.
 */
export type Durability = 'commit' | 'answer';

export interface SqliteOptions {
  durability?: Durability;
  /** How the WAL file is fsynced under 'answer' (tests count the calls). */
  syncWal?: (walPath: string) => Promise<void>;
  /**
   * Whether an existing file's every page is read (PRAGMA quick_check, about a second per GB,
   * through the page cache) before it is opened. The server asks for it as it starts; the cheap
   * checks of the file's size and header run on every open regardless.
   */
  verifyPages?: boolean;
}

export const SQLITE_FILE_NAME = 'fieldhouse.db';

/** Creates the data directory if need be; a directory that cannot take the database's files stops here. */
function prepareDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    // access(2) reports a read-only file system even to root, whom permission bits do not stop.
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (err) {
    throw new StorageUnavailableError(`Cannot use the data directory ${dataDir}: ${describeStorageError(whyNotCreated(dataDir, err))}`, { cause: err });
  }
}

/** A recursive mkdir on a read-only file system says ENOENT; the nearest existing parent says why. */
function whyNotCreated(dir: string, err: unknown): unknown {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return err;
  let parent = path.dirname(dir);
  while (!fs.existsSync(parent) && parent !== path.dirname(parent)) parent = path.dirname(parent);
  try {
    fs.accessSync(parent, fs.constants.W_OK);
    return err;
  } catch (denied) {
    return denied;
  }
}

/**
 * Opens the database for writing, after checkDatabaseFile found it sound or missing. A new
 * install that could not write even its header (a full disk) leaves no empty file behind: the
 * next start would take that for a damaged database and refuse it.
 */
function openConnection(file: string, verifyPages: boolean): SQLite.Database {
  const state = checkDatabaseFile(file, { verifyPages });
  let connection: SQLite.Database | undefined;
  try {
    connection = new SQLite(file);
    connection.pragma('journal_mode = WAL');
    return connection;
  } catch (err) {
    connection?.close();
    if (state === 'missing' && fs.statSync(file, { throwIfNoEntry: false })?.size === 0) fs.rmSync(fs.realpathSync(file), { force: true });
    throw asStorageUnavailable(`Cannot ${state === 'missing' ? 'create' : 'open'} the database at ${file}`, err);
  }
}

export function openSqlite(dataDir: string, options: SqliteOptions = {}): Storage {
  prepareDataDir(dataDir);
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  const connection = openConnection(file, options.verifyPages === true);
  // SQLite puts the WAL beside the file a symlink points to.
  const walFile = options.durability === 'answer' ? new WalFile(`${fs.realpathSync(file)}-wal`) : undefined;
  const walSync = walFile && new WalSync(() => (options.syncWal ? options.syncWal(walFile.path) : walFile.sync()));
  // FULL: a committed write survives power loss, not only a process crash. NORMAL leaves that to walSync.
  connection.pragma(walSync ? 'synchronous = NORMAL' : 'synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  // Other processes (the CLI beside a running server) wait for the write lock instead of failing.
  connection.pragma('busy_timeout = 5000');
  // A small write can succeed on a full disk (into the WAL's space): the probe asks for free space too.
  const health = new StorageHealth(async () => {
    await requireFreeSpace(path.dirname(fs.realpathSync(file)));
    await rewriteMigrationLock(db)();
    // The fault may have been a sync of the WAL: the probe's write must reach the disk too.
    await storage.durable();
  });
  const db = new Kysely<DatabaseSchema>({
    dialect: new TransactionalDdlSqliteDialect({ database: withStatementCache(connection, { onWrite: walSync && (() => walSync.written()) }) }),
  });
  const durable = async () => walSync?.durable();
  const storage: Storage = {
    db,
    engine: 'sqlite',
    location: file,
    health,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    durable,
    close: async () => {
      try {
        await durable();
      } finally {
        await walFile?.close();
        await db.destroy();
      }
    },
  };
  return storage;
}
