import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { DB } from '../../storage/database.js';
import { findFile } from '../../storage/files.js';
import type { FileRow } from '../../storage/schema.js';
import { DomainError } from '../errors.js';
import { statusAt } from '../files/file-view.js';
import { MAX_ATTACHMENT_BYTES } from '../files/purposes.js';
import type { OutgoingMessage } from '../../mail/smtp-relay.js';

/** The files an email attaches, each one COMPLETED in this organization and no larger than an attachment may be. */
export async function attachmentFiles(db: DB, organizationId: string, ids: readonly string[], now: Date): Promise<FileRow[]> {
  const files: FileRow[] = [];
  for (const [i, id] of ids.entries()) {
    const param = `attachments.${i}`;
    const file = await findFile(db, organizationId, id);
    if (!file) throw new DomainError('referenced_resource_missing', `No file '${id}' to attach.`, param);
    const status = statusAt(file, now);
    if (status !== 'COMPLETED' || !file.blob_key) throw new DomainError('invalid_value', `File '${id}' is ${status}; only a COMPLETED file can be attached.`, param);
    if (file.size_bytes > MAX_ATTACHMENT_BYTES) {
      throw new DomainError('invalid_value', `File '${id}' is ${file.size_bytes} bytes; an attachment may be at most 20 MiB.`, param);
    }
    files.push(file);
  }
  return files;
}

/** The attachments as the relay takes them: each file's bytes streamed under its filename and type. */
export async function openAttachments(blobs: BlobStore, files: readonly FileRow[]): Promise<OutgoingMessage['attachments']> {
  const opened: Array<OutgoingMessage['attachments'][number]> = [];
  try {
    for (const file of files) {
      const content = await blobs.get(file.blob_key!);
      if (!content) throw new DomainError('service_unavailable', `The bytes of file '${file.id}' are missing from the file store.`);
      opened.push({ filename: file.filename, contentType: file.mime_type, content });
    }
  } catch (err) {
    for (const { content } of opened) content.destroy();
    throw err;
  }
  return opened;
}
