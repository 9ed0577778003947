import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { DB } from '../../storage/database.js';
import type { IdempotentEffect } from '../records/context.js';

/** What every file operation needs besides its input. */
export interface FileContext {
  db: DB;
  blobs: BlobStore;
  /** The key signed upload and download URLs are made with (file-tokens.ts). */
  urlSecret: string;
  /** Base of the upload and download URLs: fieldhouse itself. */
  publicUrl: string;
  now: Date;
  /** Tries of the job that removes the bytes of an expired or cancelled upload. */
  jobAttempts: number;
}

/** A file operation an API key makes. */
export interface FileRequestContext extends FileContext {
  organizationId: string;
  memberId: string;
  idempotency?: IdempotentEffect;
}
