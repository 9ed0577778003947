import { batches } from './batches.js';
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

export async function findTrashedByIds(db: DB, organizationId: string, ids: readonly string[]): Promise<TrashedRecordRow[]> {
  const rows: TrashedRecordRow[] = [];
  for (const batch of batches([...new Set(ids)])) {
    rows.push(...(await db.selectFrom('trashed_records').selectAll().where('organization_id', '=', organizationId).where('id', 'in', batch).execute()));
  }
  return rows;
}

/** Replaces the links and list memberships a trashed record will bring back. */
export async function updateTrashedHoldings(db: DB, id: string, links: string, memberships: string): Promise<void> {
  await db.updateTable('trashed_records').set({ links, memberships }).where('id', '=', id).execute();
}

export async function findTrashedById(db: DB, organizationId: string, id: string): Promise<TrashedRecordRow | undefined> {
  return db.selectFrom('trashed_records').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
}

/** A page of the organization's trash of these types, most recently deleted first, and how many there are. */
export async function listTrashed(
  db: DB,
  organizationId: string,
  objectTypes: readonly string[],
  page: { limit: number; offset: number },
): Promise<{ rows: TrashedRecordRow[]; total: number }> {
  if (objectTypes.length === 0) return { rows: [], total: 0 };
  const base = db.selectFrom('trashed_records').where('organization_id', '=', organizationId).where('object_type', 'in', objectTypes);
  const rows = await base.selectAll().orderBy('deleted_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return { rows, total: Number(count?.n ?? 0) };
}

/** Trashed records deleted before `before`, in any organization, oldest first. */
export async function expiredTrash(db: DB, before: string, limit: number): Promise<Array<{ id: string; organization_id: string }>> {
  return db.selectFrom('trashed_records').select(['id', 'organization_id']).where('deleted_at', '<', before).orderBy('deleted_at').orderBy('id').limit(limit).execute();
}

/**
 * Removes a trashed record for good, if it is still in the trash and was deleted before `before`
 * (a restore or a second delete may have come between choosing it and this): its row, its
 * history, and links left to it by stores outside records. Returns whether it went.
 */
export async function purgeTrashed(db: DB, id: string, before: string): Promise<boolean> {
  const gone = await db.deleteFrom('trashed_records').where('id', '=', id).where('deleted_at', '<', before).executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) return false;
  await db.deleteFrom('field_history').where('record_id', '=', id).execute();
  await db.deleteFrom('record_links').where('source_id', '=', id).execute();
  await db.deleteFrom('record_links').where('target_id', '=', id).execute();
  return true;
}
