import type { DB } from './database.js';
import type { ListMemberRow } from './schema.js';

/** Puts records on a list; one already on it keeps the membership it has, and when it was added. */
export async function addListMembers(db: DB, rows: readonly ListMemberRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('list_members').values(rows).onConflict((oc) => oc.columns(['list_id', 'record_id']).doNothing()).execute();
}

/** Takes records off a list; an id that is not on it is no change. */
export async function removeListMembers(db: DB, listId: string, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await db.deleteFrom('list_members').where('list_id', '=', listId).where('record_id', 'in', recordIds).execute();
}

/** Every membership a record is in: as a member of lists, and, for a list, its own members. */
export async function selectMembershipsOf(db: DB, recordId: string): Promise<ListMemberRow[]> {
  const asMember = await db.selectFrom('list_members').selectAll().where('record_id', '=', recordId).execute();
  const asList = await db.selectFrom('list_members').selectAll().where('list_id', '=', recordId).execute();
  return [...asMember, ...asList];
}

export async function deleteMembershipsOf(db: DB, recordId: string): Promise<void> {
  await db.deleteFrom('list_members').where('record_id', '=', recordId).execute();
  await db.deleteFrom('list_members').where('list_id', '=', recordId).execute();
}

export async function deleteListMember(db: DB, listId: string, recordId: string): Promise<void> {
  await db.deleteFrom('list_members').where('list_id', '=', listId).where('record_id', '=', recordId).execute();
}
