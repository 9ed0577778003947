import { batches } from './batches.js';
import { compiledOnce } from './compiled-once.js';
import type { DB } from './database.js';
import type { RecordRow } from './schema.js';

export async function insertRecord(db: DB, row: RecordRow): Promise<void> {
  await db.insertInto('records').values(row).execute();
}

export async function updateRecordFields(db: DB, id: string, fields: string, updatedAt: string): Promise<void> {
  await db.updateTable('records').set({ fields, updated_at: updatedAt }).where('id', '=', id).execute();
}

const selectRecord = compiledOnce((db, id: string, organizationId: string, objectType: string) =>
  db.selectFrom('records').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).where('object_type', '=', objectType),
);

export async function findRecord(db: DB, organizationId: string, objectType: string, id: string): Promise<RecordRow | undefined> {
  return (await selectRecord(db, id, organizationId, objectType))[0];
}

export async function findRecords(db: DB, organizationId: string, ids: readonly string[]): Promise<RecordRow[]> {
  const rows: RecordRow[] = [];
  for (const batch of batches(ids)) {
    rows.push(...(await db.selectFrom('records').selectAll().where('organization_id', '=', organizationId).where('id', 'in', batch).execute()));
  }
  return rows;
}

export interface Page {
  limit: number;
  offset: number;
}

/** Newest first, id as tie-break: the order the `records_list` index holds. */
export async function listRecords(db: DB, organizationId: string, objectType: string, page: Page): Promise<RecordRow[]> {
  return db
    .selectFrom('records')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('object_type', '=', objectType)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** The ids among `ids` that are records of `objectType` in the organization. */
export async function existingRecordIds(db: DB, organizationId: string, objectType: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const batch of batches(ids)) {
    const rows = await db
      .selectFrom('records')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('object_type', '=', objectType)
      .where('id', 'in', batch)
      .execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

export async function deleteRecordRow(db: DB, id: string): Promise<void> {
  await db.deleteFrom('records').where('id', '=', id).execute();
}

/** The ids among `ids` that are live records of the organization, whatever their type. */
export async function liveRecordIds(db: DB, organizationId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const batch of batches([...new Set(ids)])) {
    const rows = await db.selectFrom('records').select('id').where('organization_id', '=', organizationId).where('id', 'in', batch).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

/** The record of a type that came in from a provider under this id. */
export async function findByExternalId(db: DB, organizationId: string, objectType: string, externalId: string): Promise<RecordRow | undefined> {
  return db
    .selectFrom('records')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('object_type', '=', objectType)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}
