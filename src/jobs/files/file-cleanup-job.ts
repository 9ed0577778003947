import type { Clock } from '../../domain/clock.js';
import { cleanUpFile } from '../../domain/files/file-cleanup.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { DB } from '../../storage/database.js';
import type { JobHandler } from '../worker.js';

/** Expires an upload session past its hour and removes the bytes of files that will never complete. */
export function fileCleanupJob(db: DB, blobs: BlobStore, clock: Clock, maxAttempts: number): JobHandler {
  return (job) => cleanUpFile({ db, blobs, organizationId: job.organization_id, fileId: job.target_id, now: clock.now(), maxAttempts });
}
