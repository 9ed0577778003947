import fs from 'node:fs/promises';
import { DEFAULT_MIGRATION_LOCK_TABLE, MIGRATION_LOCK_ID, sql, type Kysely, type LogEvent } from 'kysely';
import { isStorageFault } from './engine.js';

/** How a storage proves it takes writes again: throws why not. */
export type WriteProbe = () => Promise<void>;

/**
 * Whether the database's disk took the last write: a query it refused (full, failing) marks the
 * storage faulted, and a later commit that succeeds clears the mark. `/readyz` answers 503 while
 * it is marked, so a load balancer stops sending writes that would fail; since it then sends none,
 * `check()` tries a write of its own to find out when the disk has recovered.
 */
export class StorageHealth {
  #fault: Error | undefined;

  constructor(private readonly probe: WriteProbe) {}

  /** The write failure that marked the storage, until a write succeeds again. */
  get fault(): Error | undefined {
    return this.#fault;
  }

  /** Kysely's `log` hook: it sees every query that runs, and each one that failed. */
  readonly observe = (event: LogEvent): void => {
    if (event.level === 'error') {
      if (isStorageFault(event.error)) this.#fault = event.error instanceof Error ? event.error : new Error(String(event.error));
    } else if (this.#fault && COMMIT.test(event.query.sql)) {
      this.#fault = undefined;
    }
  };

  /** A fault seen outside a query: a sync of committed writes the disk refused. */
  markFaulted(err: unknown): void {
    if (isStorageFault(err)) this.#fault = err instanceof Error ? err : new Error(String(err));
  }

  /** Resolves when no fault is marked, or the probe's write now succeeds (clearing it); else throws why not. */
  async check(): Promise<void> {
    if (!this.#fault) return;
    await this.probe();
    this.#fault = undefined;
  }
}

// A commit that returned put its writes where the engine keeps them (the WAL, for SQLite).
const COMMIT = /^\s*(commit|end)\b/i;

/**
 * A write of the smallest row the schema always has: Kysely's migration lock, rewritten with its
 * own value. Nothing reads it but the migrator, which on SQLite never locks it and on PostgreSQL
 * takes an advisory lock instead, so the probe never waits for a migration nor changes one.
 */
export function rewriteMigrationLock(db: Kysely<any>): WriteProbe {
  return async () => {
    await sql`update ${sql.table(DEFAULT_MIGRATION_LOCK_TABLE)} set is_locked = is_locked where id = ${MIGRATION_LOCK_ID}`.execute(db);
  };
}

/** Below this, a disk counts as still full: a write of any size may need a few pages more. */
export const MIN_FREE_BYTES = 1024 * 1024;

/**
 * Throws ENOSPC while the file system holding `dir` has less than MIN_FREE_BYTES free. A small
 * write can succeed on a full disk (SQLite reuses the WAL's space), and reporting the disk
 * healthy on its strength would only send back writes that fail.
 */
export async function requireFreeSpace(dir: string): Promise<void> {
  const stats = await fs.statfs(dir);
  const free = stats.bavail * stats.bsize;
  if (free < MIN_FREE_BYTES) {
    throw Object.assign(new Error(`ENOSPC: ${free} bytes free on the disk holding ${dir}`), { code: 'ENOSPC' });
  }
}
