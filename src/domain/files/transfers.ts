import type { Readable } from 'node:stream';
import { BlobStoreError, BlobTooLargeError, type BlobStore } from '../../storage/blobs/blob-store.js';
import type { DB } from '../../storage/database.js';
import { findFileById, recordUpload } from '../../storage/files.js';
import type { FileRow } from '../../storage/schema.js';
import { DomainError } from '../errors.js';
import { checkFileToken, type FileAction } from './file-tokens.js';
import { newAttemptKey } from './blob-keys.js';
import { assertPending, hasFullUpload } from './file-view.js';
import { mimeEssence } from './mime-type.js';

/** What the signed-URL routes need: no organization or member, the signature stands in for them. */
export interface TransferContext {
  db: DB;
  blobs: BlobStore;
  urlSecret: string;
  now(): Date;
  /** Files whose bytes this process is receiving now: a second upload to one of them is refused at once. */
  receiving: Set<string>;
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
  ctx.receiving.add(row.id);
  try {
    return await storeUpload(ctx, row, upload);
  } finally {
    ctx.receiving.delete(row.id);
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
