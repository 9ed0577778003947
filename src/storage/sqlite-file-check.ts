import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { codeOf, isStorageFault } from './engine.js';
import { describeStorageError, StorageUnavailableError } from './storage-unavailable.js';

/** What was at the database's path before fieldhouse opened it: only a missing file is a new install. */
export type DatabaseFileState = 'missing' | 'existing';

const HEADER_BYTES = 100;
const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function refuse(file: string, why: string): StorageUnavailableError {
  return new StorageUnavailableError(`Refusing to open the database at ${file}: ${why}. fieldhouse did not change it; restore it from a backup.`);
}

function sizeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StorageUnavailableError(`Cannot read the database at ${file}: ${describeStorageError(err)}`, { cause: err });
  }
}

/**
 * The header's own account of the file (https://sqlite.org/fileformat.html#the_database_header):
 * a file that is not SQLite's, or shorter than the pages its header counts, is refused before
 * SQLite is let near it. The count is trusted only when the header says it is current, and only
 * without a WAL: a checkpoint that a crash interrupted may leave the file short until the WAL,
 * which still holds every page, is replayed.
 */
function checkHeader(file: string, size: number, walHoldsPages: boolean): void {
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (size < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw refuse(file, 'it is not a SQLite database (its header is missing or wrong)');
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw refuse(file, `its header is corrupt (page size ${rawPageSize})`);
  const pageCount = header.readUInt32BE(28);
  const countIsCurrent = header.readUInt32BE(24) === header.readUInt32BE(92);
  if (!walHoldsPages && countIsCurrent && pageCount > 0 && size < pageCount * pageSize) {
    throw refuse(file, `it is truncated (its header counts ${pageCount} pages of ${pageSize} bytes, ${pageCount * pageSize} bytes, but the file holds ${size})`);
  }
}

/**
 * PRAGMA quick_check on a read-only connection: every page is read once (about a second per
 * gigabyte), indexes are not compared with their tables. A read-only connection still creates
 * the -wal and -shm files a WAL database lacks; when the check fails, or cannot run (no room for
 * them on a full disk), they are removed again, so a refused file is left exactly as it was found.
 */
function checkContents(file: string, real: string): void {
  const created = [`${real}-wal`, `${real}-shm`].filter((f) => !fs.existsSync(f));
  try {
    const findings = quickCheck(file);
    if (findings.length > 0) throw refuse(file, `it is corrupt (quick_check: ${findings.slice(0, 3).join('; ')})`);
  } catch (err) {
    for (const f of created) fs.rmSync(f, { force: true });
    if (err instanceof StorageUnavailableError) throw err;
    if (/^SQLITE_(CORRUPT|NOTADB)/.test(codeOf(err))) throw refuse(file, `it is corrupt (${describeStorageError(err)})`);
    const doing = isStorageFault(err) ? `Cannot check the database at ${file} (is its disk full or failing?)` : `Cannot check the database at ${file}`;
    throw new StorageUnavailableError(`${doing}: ${describeStorageError(err)}`, { cause: err });
  }
}

/** What PRAGMA quick_check found wrong; none when the file is sound. */
function quickCheck(file: string): string[] {
  const connection = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = connection.pragma('quick_check') as Array<{ quick_check: string }>;
    return rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  } finally {
    connection.close();
  }
}

export interface DatabaseFileCheckOptions {
  /** Whether every page of an existing file is read too (PRAGMA quick_check, about a second per GB). */
  verifyPages?: boolean;
}

/**
 * Checks the database file before anything opens it for writing, so a damaged file is never
 * written to: a zero-length file is refused (a new install starts only where there is no file),
 * then the header, then, with `verifyPages`, every page. Throws StorageUnavailableError naming the
 * file and the fault.
 */
export function checkDatabaseFile(file: string, options: DatabaseFileCheckOptions = {}): DatabaseFileState {
  const size = sizeOf(file);
  if (size === undefined) return 'missing';
  if (size === 0) {
    throw new StorageUnavailableError(
      `Refusing to open the database at ${file}: the file is empty (0 bytes), and only a missing file starts a new install. Restore it from a backup, or delete it to start a new install.`,
    );
  }
  // SQLite keeps the WAL beside the file a symlink points to.
  const real = fs.realpathSync(file);
  checkHeader(file, size, (sizeOf(`${real}-wal`) ?? 0) > 0);
  if (options.verifyPages) checkContents(file, real);
  return 'existing';
}
