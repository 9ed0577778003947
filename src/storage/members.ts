import { batches } from './batches.js';
import type { DB } from './database.js';
import { pageOfOrganization } from './organization-pages.js';
import type { MemberRow } from './schema.js';
import type { Page } from './records.js';

export async function insertMember(db: DB, row: MemberRow): Promise<void> {
  await db.insertInto('members').values(row).execute();
}

export async function findMemberByEmail(db: DB, organizationId: string, email: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function findMember(db: DB, organizationId: string, id: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

export async function listMembers(db: DB, organizationId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A page in the API's list order: newest first, id as tie-break. */
export function pageMembers(db: DB, organizationId: string, page: Page): Promise<{ rows: MemberRow[]; total: number }> {
  return pageOfOrganization(db, 'members', organizationId, page);
}

export async function existingMemberIds(db: DB, organizationId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const batch of batches(ids)) {
    const rows = await db.selectFrom('members').select('id').where('organization_id', '=', organizationId).where('id', 'in', batch).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}
