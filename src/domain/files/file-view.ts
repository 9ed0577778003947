import type { FileRow, FileStatus } from '../../storage/schema.js';

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
