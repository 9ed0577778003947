import { batches } from './batches.js';
import type { DB } from './database.js';
import { pageOfOrganization } from './organization-pages.js';
import type { Page } from './records.js';
import type { FileRow, FileStatus } from './schema.js';

export async function insertFile(db: DB, row: FileRow): Promise<void> {
  await db.insertInto('files').values(row).execute();
}

export async function findFile(db: DB, organizationId: string, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

/** A page in the API's list order: newest first, id as tie-break. */
export function pageFiles(db: DB, organizationId: string, page: Page): Promise<{ rows: FileRow[]; total: number }> {
  return pageOfOrganization(db, 'files', organizationId, page);
}

/**
 * Records the bytes of an upload, only while the session is PENDING, not past its end, and still
 * names the blob it named when the upload began (`replacing`: none, or a short upload): of two
 * uploads racing with one token, one wins. False when this one lost (its blob is not named).
 */
export async function recordUpload(
  db: DB,
  file: Pick<FileRow, 'organization_id' | 'id'>,
  upload: { blobKey: string; sizeBytes: number; md5: string; at: string; replacing: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('files')
    .set({ blob_key: upload.blobKey, uploaded_size: upload.sizeBytes, uploaded_md5: upload.md5, uploaded_at: upload.at, updated_at: upload.at })
    .where('organization_id', '=', file.organization_id)
    .where('id', '=', file.id)
    .where('status', '=', 'PENDING')
    .where('blob_key', upload.replacing === null ? 'is' : '=', upload.replacing)
    .where('session_expires_at', '>', upload.at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Moves a PENDING file to `to`; false when it was not PENDING any more (another request moved it first). */
export async function settleFile(
  db: DB,
  file: Pick<FileRow, 'organization_id' | 'id'>,
  to: Exclude<FileStatus, 'PENDING'>,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('files')
    .set({ status: to, updated_at: at, ...(to === 'COMPLETED' ? { completed_at: at } : {}) })
    .where('organization_id', '=', file.organization_id)
    .where('id', '=', file.id)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Forgets the blob of a file whose bytes were removed, if it still names that blob. */
export async function forgetBlob(db: DB, fileId: string, blobKey: string, at: string): Promise<void> {
  await db.updateTable('files').set({ blob_key: null, updated_at: at }).where('id', '=', fileId).where('blob_key', '=', blobKey).execute();
}

/** A file by id alone, for a signed URL: the signature, not an API key, says which file it may reach. */
export async function findFileById(db: DB, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The status of each of these files that exists in the organization. */
export async function fileStatuses(db: DB, organizationId: string, ids: readonly string[]): Promise<Map<string, FileStatus>> {
  const statuses = new Map<string, FileStatus>();
  for (const batch of batches(ids)) {
    const rows = await db.selectFrom('files').select(['id', 'status']).where('organization_id', '=', organizationId).where('id', 'in', batch).execute();
    for (const row of rows) statuses.set(row.id, row.status);
  }
  return statuses;
}
