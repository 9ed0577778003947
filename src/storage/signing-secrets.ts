import type { DB } from './database.js';

/**
 * The secret stored under `name`, created from `candidate` if there is none yet. Every process
 * sharing the database ends up with the same one, whichever inserted first.
 */
export async function ensureSigningSecret(db: DB, name: string, candidate: string, now: string): Promise<string> {
  await db
    .insertInto('signing_secrets')
    .values({ name, secret: candidate, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('signing_secrets').select('secret').where('name', '=', name).executeTakeFirstOrThrow();
  return row.secret;
}
