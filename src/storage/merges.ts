import type { DB } from './database.js';
import type { MergeRow } from './schema.js';

export async function insertMerge(db: DB, row: MergeRow): Promise<void> {
  await db.insertInto('merges').values(row).execute();
}

export async function findMerge(db: DB, organizationId: string, id: string): Promise<MergeRow | undefined> {
  return db.selectFrom('merges').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
}

export async function setMergeStatus(db: DB, id: string, status: string, at: string): Promise<void> {
  await db.updateTable('merges').set({ status, updated_at: at }).where('id', '=', id).execute();
}
