import { findFile, insertFile, pageFiles, settleFile } from '../../storage/files.js';
import type { Page } from '../../storage/records.js';
import type { FileRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { hasLoneSurrogate } from '../values/code-points.js';
import { notFound } from '../records/read-records.js';
import { enqueueFileCleanup } from './file-cleanup.js';
import type { FileContext, FileRequestContext } from './file-context.js';
import { signFileToken } from './file-tokens.js';
import { assertPending, renderFile, statusAt, type FileView } from './file-view.js';
import { checkPurpose, type FilePurpose } from './purposes.js';

export const UPLOAD_SESSION_MS = 60 * 60 * 1000;
export const DOWNLOAD_URL_MS = 15 * 60 * 1000;

export interface NewFileSession {
  filename: string;
  mimeType: string;
  sizeBytes: number;
  purpose?: FilePurpose;
}

export interface FileSessionView extends FileView {
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
}

type ReadContext = Pick<FileRequestContext, 'db' | 'organizationId' | 'now'>;

/** Where the bytes of an upload session go, and with which headers; the same URL for the same session. */
function uploadTarget(ctx: FileContext, row: FileRow): Pick<FileSessionView, 'uploadUrl' | 'uploadHeaders'> {
  const token = signFileToken(ctx.urlSecret, 'upload', row.id, new Date(row.session_expires_at));
  return { uploadUrl: `${ctx.publicUrl}/uploads/${row.id}?token=${token}`, uploadHeaders: { 'Content-Type': row.mime_type } };
}

async function fileOf(ctx: ReadContext, id: string): Promise<FileRow> {
  const row = await findFile(ctx.db, ctx.organizationId, id);
  if (!row) throw notFound('files');
  return row;
}

/** Another request (or the cleanup job) moved the file on between this one's read and its write. */
function changedMeanwhile(id: string): DomainError {
  return new DomainError('conflict', `File ${id} was completed, cancelled or expired by another request meanwhile; retrieve it to see which.`);
}

// C0 controls and DEL would break the Content-Disposition header a download sends.
const CONTROL = /[\u0000-\u001f\u007f]/;

export async function createFileSession(ctx: FileRequestContext, input: NewFileSession): Promise<FileSessionView> {
  const recovered = ctx.idempotency?.recovered;
  const earlier = recovered ? await findFile(ctx.db, ctx.organizationId, recovered) : undefined;
  if (earlier) {
    ctx.idempotency?.answeredWithRecovered();
    return { ...renderFile(earlier, ctx.now), ...uploadTarget(ctx, earlier) };
  }
  if (CONTROL.test(input.filename)) throw new DomainError('invalid_value', 'The filename must not contain control characters.', 'filename');
  if (hasLoneSurrogate(input.filename)) throw new DomainError('invalid_value', 'The filename holds half of a UTF-16 surrogate pair, which no text encoding can store.', 'filename');
  checkPurpose(input.purpose, input.mimeType, input.sizeBytes);
  const at = ctx.now.toISOString();
  const expires = new Date(ctx.now.getTime() + UPLOAD_SESSION_MS);
  const row: FileRow = {
    id: newId('fil', ctx.now.getTime()),
    organization_id: ctx.organizationId,
    status: 'PENDING',
    filename: input.filename,
    mime_type: input.mimeType,
    size_bytes: input.sizeBytes,
    purpose: input.purpose ?? null,
    created_by: ctx.memberId,
    created_at: at,
    updated_at: at,
    session_expires_at: expires.toISOString(),
    completed_at: null,
    blob_key: null,
    uploaded_size: null,
    uploaded_md5: null,
    uploaded_at: null,
  };
  await writeTransaction(ctx.db, ctx.organizationId, async (trx) => {
    await insertFile(trx, row);
    // Queued with the session: nothing has to remember to expire it.
    await enqueueFileCleanup(trx, { organizationId: ctx.organizationId, id: row.id }, expires, { now: ctx.now, maxAttempts: ctx.jobAttempts });
    await ctx.idempotency?.record(trx, row.id);
  });
  return { ...renderFile(row, ctx.now), ...uploadTarget(ctx, row) };
}

export async function retrieveFile(ctx: ReadContext, id: string): Promise<FileView> {
  return renderFile(await fileOf(ctx, id), ctx.now);
}

export async function listFilePage(ctx: ReadContext, page: Page): Promise<{ object: 'list'; data: FileView[]; totalCount: number }> {
  const { rows, total } = await pageFiles(ctx.db, ctx.organizationId, page);
  return { object: 'list', data: rows.map((row) => renderFile(row, ctx.now)), totalCount: total };
}

/** Checks the upload against what the session declared; on any mismatch the file stays PENDING. */
export async function completeFile(ctx: FileRequestContext, id: string, input: { md5?: string }): Promise<FileView> {
  const row = await fileOf(ctx, id);
  assertPending(row, ctx.now, 'completed');
  if (row.blob_key === null || row.uploaded_size === null) {
    throw new DomainError('invalid_value', `Nothing was uploaded to this file's uploadUrl yet; expected ${row.size_bytes} bytes.`, 'sizeBytes');
  }
  if (Number(row.uploaded_size) !== Number(row.size_bytes)) {
    throw new DomainError('invalid_value', `The upload is ${row.uploaded_size} bytes; the session declared sizeBytes ${row.size_bytes}.`, 'sizeBytes');
  }
  if (input.md5 !== undefined && input.md5 !== row.uploaded_md5) {
    throw new DomainError('invalid_value', `The upload's MD5 is ${row.uploaded_md5}, not ${input.md5}.`, 'md5');
  }
  const at = ctx.now.toISOString();
  if (!(await settleFile(ctx.db, row, 'COMPLETED', at))) throw changedMeanwhile(id);
  return renderFile({ ...row, status: 'COMPLETED', completed_at: at, updated_at: at }, ctx.now);
}

/** Ends a PENDING session; its bytes, if any arrived, are removed by the cleanup job at once. */
export async function cancelFile(ctx: FileRequestContext, id: string): Promise<FileView> {
  const row = await fileOf(ctx, id);
  assertPending(row, ctx.now, 'cancelled');
  const cancelled = await writeTransaction(ctx.db, ctx.organizationId, async (trx) => {
    if (!(await settleFile(trx, row, 'CANCELLED', ctx.now.toISOString()))) return false;
    await enqueueFileCleanup(trx, { organizationId: ctx.organizationId, id }, ctx.now, { now: ctx.now, maxAttempts: ctx.jobAttempts });
    return true;
  });
  if (!cancelled) throw changedMeanwhile(id);
  const at = ctx.now.toISOString();
  return renderFile({ ...row, status: 'CANCELLED', updated_at: at }, ctx.now);
}

/** A download URL for a COMPLETED file, valid 15 minutes, that needs no API key. */
export async function fileDownloadUrl(ctx: FileRequestContext, id: string): Promise<{ url: string; expiresAt: string }> {
  const row = await fileOf(ctx, id);
  const status = statusAt(row, ctx.now);
  if (status !== 'COMPLETED') throw new DomainError('conflict', `File ${row.id} is ${status}; only a COMPLETED file has a download URL.`);
  const expires = new Date(ctx.now.getTime() + DOWNLOAD_URL_MS);
  const token = signFileToken(ctx.urlSecret, 'download', row.id, expires);
  return { url: `${ctx.publicUrl}/downloads/${row.id}?token=${token}`, expiresAt: expires.toISOString() };
}
