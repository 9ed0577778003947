import type { FileRow, FileStatus } from '../../storage/schema.js';
import { DomainError } from '../errors.js';

/** A file as the API reads it (FileRetrieveResponse and its kin). */
export interface FileView {
  id: string;
  status: FileStatus;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  createdAt: string;
  completedAt: string | null;
  /** Only while PENDING: when the upload session ends. */
  expiresAt: string | null;
}

/** What the file is now: a session past its hour is EXPIRED even before the cleanup job writes it so. */
export function statusAt(row: Pick<FileRow, 'status' | 'session_expires_at'>, now: Date): FileStatus {
  return row.status === 'PENDING' && now.toISOString() >= row.session_expires_at ? 'EXPIRED' : row.status;
}

/** Refuses to act on a file that is not PENDING (now), naming its status. */
export function assertPending(row: Pick<FileRow, 'id' | 'status' | 'session_expires_at'>, now: Date, action: string): void {
  const status = statusAt(row, now);
  if (status !== 'PENDING') throw new DomainError('conflict', `File ${row.id} is ${status}; only a PENDING file can be ${action}.`);
}

/** Whether the bytes that arrived are all the session declared: then its upload URL is used up. */
export function hasFullUpload(row: Pick<FileRow, 'blob_key' | 'uploaded_size' | 'size_bytes'>): boolean {
  return row.blob_key !== null && Number(row.uploaded_size) === Number(row.size_bytes);
}

export function renderFile(row: FileRow, now: Date): FileView {
  const status = statusAt(row, now);
  return {
    id: row.id,
    status,
    filename: row.filename,
    mimeType: row.mime_type,
    sizeBytes: Number(row.size_bytes),
    createdAt: row.created_at,
    completedAt: row.completed_at,
    expiresAt: status === 'PENDING' ? row.session_expires_at : null,
  };
}
