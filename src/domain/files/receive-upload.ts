import type { Readable } from 'node:stream';
import { BlobStoreError, BlobTooLargeError } from '../../storage/blobs/blob-store.js';
import { findFileById, recordUpload } from '../../storage/files.js';
import type { FileRow } from '../../storage/schema.js';
import { DomainError } from '../errors.js';
import { newAttemptKey } from './blob-keys.js';
import { assertPending, hasFullUpload } from './file-view.js';
import { mimeEssence } from './mime-type.js';
import { fileOfToken, type TransferContext } from './transfer-context.js';

export interface UploadRequest {
  token: unknown;
  contentType: string | undefined;
  /** The Content-Length header, when the client sent one (not with chunked transfer). */
  contentLength: number | undefined;
  body: Readable;
}

/**
 * Receives the bytes of an upload session through its signed URL, streaming them to the blob
 * store with their size and MD5 measured on the way. More bytes than declared are refused and
 * kept nowhere. Once the declared size has arrived the URL is used up; an upload that fell
 * short (which `complete` refuses) may be replaced by another through the same URL.
 */
export async function receiveUpload(ctx: TransferContext, fileId: string, upload: UploadRequest): Promise<{ md5: string; sizeBytes: number }> {
  const row = await fileOfToken(ctx, 'upload', fileId, upload.token);
  assertOpenForUpload(row, ctx.now());
  const sent = upload.contentType === undefined ? undefined : mimeEssence(upload.contentType);
  if (sent !== mimeEssence(row.mime_type)) {
    const got = upload.contentType === undefined ? 'none' : `'${upload.contentType}'`;
    throw new DomainError('unsupported_media_type', `Send the bytes with 'Content-Type: ${row.mime_type}', as uploadHeaders says; got ${got}.`);
  }
  const declared = Number(row.size_bytes);
  if (upload.contentLength !== undefined && upload.contentLength > declared) throw tooLarge(declared, upload.contentLength);

  // Refused before a byte is read, not after all of them: of two uploads through one URL only one can be kept.
  // (Across processes the record below still lets only one win.)
  if (ctx.receiving.has(row.id)) throw new DomainError('conflict', `An upload to file ${row.id} is already in progress; retry once it has ended.`);
  const claim = {};
  ctx.receiving.set(row.id, claim);
  const release = () => {
    if (ctx.receiving.get(row.id) === claim) ctx.receiving.delete(row.id);
  };
  // A stream that broke (client gone, cut off) frees the file at once: its retry may come before this request has cleaned up.
  upload.body.once('close', () => {
    if (!upload.body.readableEnded) release();
  });
  try {
    return await storeUpload(ctx, row, upload);
  } finally {
    release();
  }
}

async function storeUpload(ctx: TransferContext, row: FileRow, upload: UploadRequest): Promise<{ md5: string; sizeBytes: number }> {
  const declared = Number(row.size_bytes);
  const fileId = row.id;
  const blobKey = newAttemptKey(row.organization_id, row.id);
  let stored;
  try {
    stored = await ctx.blobs.put(blobKey, upload.body, { maxBytes: declared, contentType: row.mime_type });
  } catch (err) {
    if (err instanceof BlobTooLargeError) throw tooLarge(declared);
    // The cleanup of a session cancelled or expired meanwhile may have removed the bytes mid-write.
    const latest = await findFileById(ctx.db, fileId);
    if (latest) assertOpenForUpload(latest, ctx.now());
    if (err instanceof BlobStoreError) throw err;
    // Any other failure is the client's stream: gone mid-upload, or silent past the idle timeout.
    const reason = err instanceof Error ? err.message : String(err);
    throw new DomainError('invalid_type', `The upload stopped before its end (${reason}); nothing was stored. PUT it again.`, 'body');
  }
  const now = ctx.now().toISOString();
  // Whatever happens to these bytes from here, a left-over blob under the file's prefix is removed by its cleanup job.
  const discard = () => ctx.blobs.delete(blobKey).catch(() => undefined);
  const attempt = { blobKey, sizeBytes: stored.sizeBytes, md5: stored.md5, at: now, replacing: row.blob_key };
  const recorded = await recordUpload(ctx.db, row, attempt).catch(async (err: unknown) => {
    await discard();
    throw err;
  });
  if (!recorded) {
    // Cancelled, expired or uploaded by another request while these bytes arrived.
    await discard();
    const latest = await findFileById(ctx.db, fileId);
    if (latest) assertOpenForUpload(latest, ctx.now());
    throw new DomainError('conflict', `File ${fileId} took another upload while these bytes arrived; nothing was stored.`);
  }
  if (row.blob_key !== null) await ctx.blobs.delete(row.blob_key).catch(() => undefined);
  return stored;
}

function assertOpenForUpload(file: FileRow, now: Date): void {
  assertPending(file, now, 'uploaded to');
  if (hasFullUpload(file)) throw new DomainError('conflict', `File ${file.id} already has all its bytes; an upload URL works once.`);
}

function tooLarge(declared: number, sent?: number): DomainError {
  const got = sent === undefined ? 'more bytes were sent' : `Content-Length is ${sent}`;
  return new DomainError('payload_too_large', `The session declared sizeBytes ${declared}; ${got}. Nothing was stored.`, 'sizeBytes');
}
