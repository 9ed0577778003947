import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BlobTooLargeError, type BlobStore } from '../../storage/blobs/blob-store.js';
import type { DB } from '../../storage/database.js';
import { findFileById, recordUpload } from '../../storage/files.js';
import type { FileRow } from '../../storage/schema.js';
import { DomainError } from '../errors.js';
import { checkFileToken, type FileAction } from './file-tokens.js';
import { statusAt } from './file-view.js';
import { mimeEssence } from './purposes.js';

/** What the signed-URL routes need: no organization or member, the signature stands in for them. */
export interface TransferContext {
  db: DB;
  blobs: BlobStore;
  urlSecret: string;
  now(): Date;
}

export interface UploadRequest {
  token: unknown;
  contentType: string | undefined;
  /** The Content-Length header, when the client sent one (not with chunked transfer). */
  contentLength: number | undefined;
  body: Readable;
}

/** The file a signed URL reaches; any fault of the URL itself is a 403 that says which. */
async function fileOfToken(ctx: TransferContext, action: FileAction, fileId: string, token: unknown): Promise<FileRow> {
  const check = checkFileToken(ctx.urlSecret, action, fileId, token, ctx.now());
  if (check === 'invalid') throw new DomainError('forbidden', `This ${action} URL is not valid: its token is missing, malformed or does not match the file.`);
  if (check === 'expired') throw new DomainError('forbidden', `This ${action} URL has expired.`);
  const row = await findFileById(ctx.db, fileId);
  // A valid signature names a file that existed; it is gone only if the database was replaced.
  if (!row) throw new DomainError('not_found', "No resource found in 'files' with the given ID.");
  return row;
}

/**
 * Receives the bytes of an upload session through its signed URL, streaming them to the blob
 * store with their size and MD5 measured on the way. Works once: a second upload, a session that
 * is no longer PENDING, or more bytes than declared is refused and keeps nothing.
 */
export async function receiveUpload(ctx: TransferContext, fileId: string, upload: UploadRequest): Promise<{ md5: string; sizeBytes: number }> {
  const row = await fileOfToken(ctx, 'upload', fileId, upload.token);
  const refuseUnlessOpen = (file: FileRow) => {
    const status = statusAt(file, ctx.now());
    if (status !== 'PENDING') throw new DomainError('conflict', `File ${file.id} is ${status}; it takes no more uploads.`);
    if (file.blob_key !== null) throw new DomainError('conflict', `File ${file.id} already has its bytes; an upload URL works once.`);
  };
  refuseUnlessOpen(row);
  const sent = upload.contentType === undefined ? undefined : mimeEssence(upload.contentType);
  if (sent !== mimeEssence(row.mime_type)) {
    throw new DomainError('invalid_type', `Send the bytes with 'Content-Type: ${row.mime_type}', as uploadHeaders says; got ${upload.contentType === undefined ? 'none' : `'${upload.contentType}'`}.`, 'Content-Type');
  }
  const declared = Number(row.size_bytes);
  if (upload.contentLength !== undefined && upload.contentLength > declared) throw tooLarge(declared, upload.contentLength);

  // A key of its own per attempt: a failed or losing attempt never touches the bytes of another.
  const blobKey = `${row.organization_id}/${row.id}/${randomBytes(8).toString('hex')}`;
  let stored;
  try {
    stored = await ctx.blobs.put(blobKey, upload.body, { maxBytes: declared, contentType: row.mime_type });
  } catch (err) {
    if (err instanceof BlobTooLargeError) throw tooLarge(declared);
    throw err;
  }
  const now = ctx.now().toISOString();
  const recorded = await recordUpload(ctx.db, row, { blobKey, sizeBytes: stored.sizeBytes, md5: stored.md5, at: now, notAfter: now }).catch(async (err: unknown) => {
    await ctx.blobs.delete(blobKey).catch(() => undefined);
    throw err;
  });
  if (!recorded) {
    // Cancelled, expired or uploaded by another request while these bytes arrived.
    await ctx.blobs.delete(blobKey);
    const latest = await findFileById(ctx.db, fileId);
    if (latest) refuseUnlessOpen(latest);
    throw new DomainError('conflict', `File ${fileId} changed while its bytes arrived; nothing was stored.`);
  }
  return stored;
}

function tooLarge(declared: number, sent?: number): DomainError {
  const got = sent === undefined ? 'more were sent' : `got ${sent}`;
  return new DomainError('payload_too_large', `The session declared sizeBytes ${declared}; ${got}. Nothing was stored.`, 'sizeBytes');
}

export interface Download {
  file: FileRow;
  body: Readable;
}

/** The bytes a signed download URL reaches: only a COMPLETED file's. */
export async function openDownload(ctx: TransferContext, fileId: string, token: unknown): Promise<Download> {
  const file = await fileOfToken(ctx, 'download', fileId, token);
  const body = file.status === 'COMPLETED' && file.blob_key !== null ? await ctx.blobs.get(file.blob_key) : undefined;
  if (!body) throw new DomainError('not_found', `File ${fileId} has no bytes to download.`);
  return { file, body };
}
