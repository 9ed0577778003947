import type { DB } from './database.js';
import type { WebSessionRow } from './schema.js';

/** A live session together with what its API key grants. */
export interface LiveWebSession {
  apiKeyId: string;
  organizationId: string;
  memberId: string;
  /** JSON array of scope strings, as `api_keys.scopes` holds them. */
  scopes: string;
}

export async function insertWebSession(db: DB, row: WebSessionRow): Promise<void> {
  await db.insertInto('web_sessions').values(row).execute();
}

/**
 * The session with this token hash, if it has not expired and its key is still active. The key
 * is read on every call, so revoking it ends its sessions at once.
 */
export async function findLiveWebSession(db: DB, tokenHash: string, now: string): Promise<LiveWebSession | undefined> {
  const row = await db
    .selectFrom('web_sessions')
    .innerJoin('api_keys', 'api_keys.id', 'web_sessions.api_key_id')
    .select(['web_sessions.api_key_id', 'web_sessions.organization_id', 'api_keys.member_id', 'api_keys.scopes'])
    .where('web_sessions.token_hash', '=', tokenHash)
    .where('web_sessions.expires_at', '>', now)
    .where('api_keys.revoked_at', 'is', null)
    .whereRef('api_keys.organization_id', '=', 'web_sessions.organization_id')
    .executeTakeFirst();
  return row && { apiKeyId: row.api_key_id, organizationId: row.organization_id, memberId: row.member_id, scopes: row.scopes };
}

export async function deleteWebSession(db: DB, tokenHash: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Forgets every session that expired at or before `now`. */
export async function deleteExpiredWebSessions(db: DB, now: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('expires_at', '<=', now).execute();
}
