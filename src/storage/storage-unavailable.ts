import { codeOf, isStorageFault } from './engine.js';

/** The database cannot be reached, opened or written: a deployment problem to report plainly, not a bug. */
export class StorageUnavailableError extends Error {}

// What the operator must fix rather than a bug: SQLite cannot open the file, may not write it, or
// finds it is not a sound database. (The data directory's own errors are reported where it is made.)
const DEPLOYMENT_CODES = /^SQLITE_(CANTOPEN|READONLY|CORRUPT|NOTADB|PERM|AUTH)/;

/** `err`'s message with its code when the message does not name it: "database or disk is full (SQLITE_FULL)". */
export function describeStorageError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = codeOf(err);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * `err` as a StorageUnavailableError saying what could not be done with which database, when the
 * storage caused it (`doing`: "Cannot open the database at /data/fieldhouse.db"); any other error
 * comes back unchanged, so a bug keeps its stack trace.
 */
export function asStorageUnavailable(doing: string, err: unknown): unknown {
  if (err instanceof StorageUnavailableError) return err;
  const code = codeOf(err);
  if (!isStorageFault(err) && !DEPLOYMENT_CODES.test(code)) return err;
  return new StorageUnavailableError(`${doing}: ${describeStorageError(err)}`, { cause: err });
}
