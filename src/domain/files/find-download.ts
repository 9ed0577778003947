import type { Readable } from 'node:stream';
import type { FileRow } from '../../storage/schema.js';
import { DomainError } from '../errors.js';
import { fileOfToken, type TransferContext } from './transfer-context.js';

/** Bytes `start` to `end`, both included, as an HTTP range counts them. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface Download {
  file: FileRow;
  /** The whole file's size, and its MD5 (the download's ETag). */
  sizeBytes: number;
  md5: string;
  /** Opens the bytes, all of them or one range. */
  open(range?: ByteRange): Promise<Readable>;
}

/** What a signed download URL reaches: only a COMPLETED file's bytes. */
export async function findDownload(ctx: TransferContext, fileId: string, token: unknown): Promise<Download> {
  const file = await fileOfToken(ctx, 'download', fileId, token);
  const blobKey = file.status === 'COMPLETED' ? file.blob_key : null;
  if (blobKey === null || file.uploaded_md5 === null) throw new DomainError('not_found', `File ${fileId} has no bytes to download.`);
  return {
    file,
    sizeBytes: Number(file.uploaded_size),
    md5: file.uploaded_md5,
    async open(range) {
      const body = await ctx.blobs.get(blobKey, range);
      // Named by a COMPLETED row, yet gone from the store: the store lost it, not the client's doing.
      if (!body) throw new DomainError('not_found', `The bytes of file ${fileId} are missing from file storage.`);
      return body;
    },
  };
}
