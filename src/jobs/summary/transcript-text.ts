import { text } from 'node:stream/consumers';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { DB } from '../../storage/database.js';
import { findFile } from '../../storage/files.js';

/** How much of a transcript a summary reads: its opening, enough to say what was discussed. */
export const TRANSCRIPT_BYTES = 8 * 1024;

export type TranscriptReader = (organizationId: string, fileId: string) => Promise<string | null>;

/** Reads the opening of a transcript file, or null when its bytes are gone or unreadable. */
export function transcriptReader(db: DB, blobs: BlobStore): TranscriptReader {
  return async (organizationId, fileId) => {
    const file = await findFile(db, organizationId, fileId);
    if (!file?.blob_key || file.status !== 'COMPLETED' || file.size_bytes === 0) return null;
    const stream = await blobs.get(file.blob_key, { start: 0, end: Math.min(file.size_bytes, TRANSCRIPT_BYTES) - 1 });
    if (!stream) return null;
    // A cut may split a character: the replacement character it leaves at the end is dropped.
    return (await text(stream)).replace(/\uFFFD$/, '');
  };
}
