import type { DB } from './database.js';
import type { CustomObjectRow } from './schema.js';

/** False when the slug is taken: the primary key decides under concurrency. */
export async function insertCustomObject(db: DB, row: CustomObjectRow): Promise<boolean> {
  const result = await db.insertInto('custom_objects').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function findCustomObject(db: DB, organizationId: string, slug: string): Promise<CustomObjectRow | undefined> {
  return db.selectFrom('custom_objects').selectAll().where('organization_id', '=', organizationId).where('slug', '=', slug).executeTakeFirst();
}

export async function listCustomObjects(db: DB, organizationId: string): Promise<CustomObjectRow[]> {
  return db.selectFrom('custom_objects').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').orderBy('slug').execute();
}
