import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { DB } from '../../storage/database.js';
import { findFileById } from '../../storage/files.js';
import type { FileRow } from '../../storage/schema.js';
import { DomainError } from '../errors.js';
import { checkFileToken, type FileAction } from './file-tokens.js';

/** What the signed-URL routes need: no organization or member, the signature stands in for them. */
export interface TransferContext {
  db: DB;
  blobs: BlobStore;
  urlSecret: string;
  now(): Date;
  /** Files whose bytes this process is receiving now, each with the claim of its upload: a second upload is refused at once. */
  receiving: Map<string, object>;
}

/** The file a signed URL reaches; any fault of the URL itself is a 403 that says which. */
export async function fileOfToken(ctx: TransferContext, action: FileAction, fileId: string, token: unknown): Promise<FileRow> {
  const check = checkFileToken(ctx.urlSecret, action, fileId, token, ctx.now());
  if (check === 'invalid') throw new DomainError('forbidden', `This ${action} URL is not valid: its token is missing, malformed or does not match the file.`);
  if (check === 'expired') throw new DomainError('forbidden', `This ${action} URL has expired.`);
  const row = await findFileById(ctx.db, fileId);
  // A valid signature names a file that existed; it is gone only if the database was replaced.
  if (!row) throw new DomainError('not_found', "No resource found in 'files' with the given ID.");
  return row;
}
