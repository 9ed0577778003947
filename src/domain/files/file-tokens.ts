import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ensureSigningSecret } from '../../storage/signing-secrets.js';
import type { DB } from '../../storage/database.js';

/** What a signed URL lets its holder do, without an API key: PUT the bytes, or GET them. */
export type FileAction = 'upload' | 'download';

export type TokenCheck = 'valid' | 'invalid' | 'expired';

const SECRET_NAME = 'file-urls';

/** The key signed file URLs are made with: one per database, so every server process agrees. */
export async function fileUrlSecret(db: DB, now: Date): Promise<string> {
  return ensureSigningSecret(db, SECRET_NAME, randomBytes(32).toString('hex'), now.toISOString());
}

function mac(secret: string, action: FileAction, fileId: string, expiresMs: number): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'hex')).update(`${action}\n${fileId}\n${expiresMs}`).digest();
}

/** `{expiry in ms}.{HMAC-SHA256 of action, file and expiry}`: tampering with any of them breaks it. */
export function signFileToken(secret: string, action: FileAction, fileId: string, expiresAt: Date): string {
  const expiresMs = expiresAt.getTime();
  return `${expiresMs}.${mac(secret, action, fileId, expiresMs).toString('base64url')}`;
}

export function checkFileToken(secret: string, action: FileAction, fileId: string, token: unknown, now: Date): TokenCheck {
  if (typeof token !== 'string') return 'invalid';
  const match = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const expiresMs = Number(match[1]);
  // Compared as text: base64 has several spellings of the last character's unused bits, and only ours is valid.
  const given = Buffer.from(match[2]!);
  const expected = Buffer.from(mac(secret, action, fileId, expiresMs).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  // Checked after the signature: an expiry is only worth reporting on a URL we made.
  return now.getTime() < expiresMs ? 'valid' : 'expired';
}
