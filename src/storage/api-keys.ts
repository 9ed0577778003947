import { compiledOnce } from './compiled-once.js';
import type { DB } from './database.js';
import type { ApiKeyRow } from './schema.js';

export async function insertApiKey(db: DB, row: ApiKeyRow): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

// Every API request reads it.
const selectByPrefix = compiledOnce((db, lookupPrefix: string) => db.selectFrom('api_keys').selectAll().where('lookup_prefix', '=', lookupPrefix));

export async function findApiKeyByPrefix(db: DB, lookupPrefix: string): Promise<ApiKeyRow | undefined> {
  return (await selectByPrefix(db, lookupPrefix))[0];
}

export async function listApiKeys(db: DB, organizationId?: string): Promise<ApiKeyRow[]> {
  let query = db.selectFrom('api_keys').selectAll();
  if (organizationId !== undefined) query = query.where('organization_id', '=', organizationId);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** Returns whether a key that was active is now revoked. */
export async function revokeApiKey(db: DB, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
