import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { DB } from '../../storage/database.js';
import { findFile, forgetBlob, settleFile } from '../../storage/files.js';
import { enqueueJob } from '../../storage/jobs.js';
import { newId } from '../ids.js';
import { statusAt } from './file-view.js';

/** The kind of job that expires a session past its hour and removes the bytes of files that will never complete. */
export const FILE_CLEANUP_JOB = 'file.cleanup';

/** Queues the cleanup of `fileId` for `at`, or brings an already queued one forward to it. */
export async function enqueueFileCleanup(
  trx: DB,
  file: { organizationId: string; id: string },
  at: Date,
  options: { now: Date; maxAttempts: number },
): Promise<void> {
  await enqueueJob(trx, {
    id: newId('wfr', options.now.getTime()),
    organizationId: file.organizationId,
    kind: FILE_CLEANUP_JOB,
    targetId: file.id,
    runAfter: at.toISOString(),
    runBy: at.toISOString(),
    maxAttempts: options.maxAttempts,
    now: options.now.toISOString(),
  });
}

/**
 * Expires the session if its hour is up, then removes the bytes of a file that is CANCELLED or
 * EXPIRED. Safe to run any number of times, and beside an upload that is still arriving: that
 * upload finds the session no longer PENDING and drops its own bytes.
 */
export async function cleanUpFile(db: DB, blobs: BlobStore, organizationId: string, fileId: string, now: Date, maxAttempts: number): Promise<void> {
  let file = await findFile(db, organizationId, fileId);
  if (!file) return;
  if (file.status === 'PENDING') {
    if (statusAt(file, now) === 'PENDING') {
      // Run early (another process's clock): look again when the session really ends.
      await enqueueFileCleanup(db, { organizationId, id: fileId }, new Date(file.session_expires_at), { now, maxAttempts });
      return;
    }
    await settleFile(db, file, 'EXPIRED', now.toISOString());
    file = await findFile(db, organizationId, fileId);
    if (!file) return;
  }
  if (file.status === 'COMPLETED' || file.blob_key === null) return;
  await blobs.delete(file.blob_key);
  await forgetBlob(db, file.id, file.blob_key, now.toISOString());
}
