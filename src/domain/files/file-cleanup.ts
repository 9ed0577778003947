import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { DB } from '../../storage/database.js';
import { findFile, forgetBlob, settleFile } from '../../storage/files.js';
import { enqueueJob } from '../../storage/jobs.js';
import { newId } from '../ids.js';
import { fileBlobPrefix } from './blob-keys.js';
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

export interface CleanupTarget {
  db: DB;
  blobs: BlobStore;
  organizationId: string;
  fileId: string;
  now: Date;
  /** Tries of the job, should it have to queue itself again. */
  maxAttempts: number;
}

/**
 * Runs when the session ends (or at once after a cancel): expires it if it is still PENDING, then
 * removes every blob under the file's prefix but the one a COMPLETED file keeps, including those
 * of uploads that lost a race or died with their process. Safe to run any number of times, and
 * beside an upload still arriving: that upload finds the session no longer PENDING and drops its bytes.
 */
export async function cleanUpFile(target: CleanupTarget): Promise<void> {
  const { db, blobs, organizationId, fileId, now } = target;
  let file = await findFile(db, organizationId, fileId);
  if (!file) return;
  if (file.status === 'PENDING') {
    if (statusAt(file, now) === 'PENDING') {
      // Run early (another process's clock): look again when the session really ends.
      await enqueueFileCleanup(db, { organizationId, id: fileId }, new Date(file.session_expires_at), { now, maxAttempts: target.maxAttempts });
      return;
    }
    await settleFile(db, file, 'EXPIRED', now.toISOString());
    file = await findFile(db, organizationId, fileId);
    if (!file) return;
  }
  const prefix = fileBlobPrefix(organizationId, fileId);
  if (file.status === 'COMPLETED') return blobs.deleteAll(prefix, { keep: file.blob_key });
  await blobs.deleteAll(prefix);
  if (file.blob_key !== null) await forgetBlob(db, file.id, file.blob_key, now.toISOString());
}
