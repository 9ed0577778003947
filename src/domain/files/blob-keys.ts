import { randomBytes } from 'node:crypto';

/** Every blob of one file sits under this prefix: its upload attempts, kept or not. */
export function fileBlobPrefix(organizationId: string, fileId: string): string {
  return `${organizationId}/${fileId}/`;
}

/** A key of its own per upload attempt: a failed or losing attempt never touches another's bytes. */
export function newAttemptKey(organizationId: string, fileId: string): string {
  return `${fileBlobPrefix(organizationId, fileId)}${randomBytes(8).toString('hex')}`;
}
