import fs from 'node:fs/promises';
import { DEFAULT_MIGRATION_LOCK_TABLE, MIGRATION_LOCK_ID, sql, type Kysely } from 'kysely';
import { isStorageFault } from './engine.js';

/** How a storage proves it takes writes again: throws why not. */
export type WriteProbe = () => Promise<void>;

/**
 * Whether the database's disk took the writes of this process: a write it refused (full, failing),
 * reported by `markFaulted` where such a failure surfaces (a request's error, a sync of the WAL),
 * marks the storage faulted. `/readyz` answers 503 while it is marked, so a load balancer stops
 * sending writes that would fail. Only `check()` clears the mark, by a write of its own that must
 * also find room to spare: a client's small commit can succeed on a nearly full disk, and counting
 * it as recovery would flip `/readyz` back and forth.
 */
export class StorageHealth {
  #fault: Error | undefined;

  constructor(private readonly probe: WriteProbe) {}

  /** The write failure that marked the storage, until `check()` finds the disk takes writes again. */
  get fault(): Error | undefined {
    return this.#fault;
  }

  /** Marks the storage faulted when `err` is (or was caused by) a write the disk refused; ignores any other error. */
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
