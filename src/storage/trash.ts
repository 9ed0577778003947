import type { DB } from './database.js';
import type { TrashedRecordRow } from './schema.js';

export async function insertTrashed(db: DB, row: TrashedRecordRow): Promise<void> {
  await db.insertInto('trashed_records').values(row).execute();
}

export async function findTrashed(db: DB, organizationId: string, objectType: string, id: string): Promise<TrashedRecordRow | undefined> {
  return db
    .selectFrom('trashed_records')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .where('object_type', '=', objectType)
    .executeTakeFirst();
}

export async function deleteTrashed(db: DB, id: string): Promise<void> {
  await db.deleteFrom('trashed_records').where('id', '=', id).execute();
}

/** A page of the organization's trash, most recently deleted first. */
export async function listTrashed(db: DB, organizationId: string, page: { limit: number; offset: number }): Promise<TrashedRecordRow[]> {
  return db
    .selectFrom('trashed_records')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('deleted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Trashed records deleted before `before`, in any organization, oldest first. */
export async function expiredTrash(db: DB, before: string, limit: number): Promise<Array<{ id: string; organization_id: string }>> {
  return db.selectFrom('trashed_records').select(['id', 'organization_id']).where('deleted_at', '<', before).orderBy('deleted_at').orderBy('id').limit(limit).execute();
}

/** Removes a trashed record for good: its row, its history, and links left to it by stores outside records. */
export async function purgeTrashed(db: DB, id: string): Promise<void> {
  await db.deleteFrom('trashed_records').where('id', '=', id).execute();
  await db.deleteFrom('field_history').where('record_id', '=', id).execute();
  await db.deleteFrom('record_links').where('source_id', '=', id).execute();
  await db.deleteFrom('record_links').where('target_id', '=', id).execute();
}
