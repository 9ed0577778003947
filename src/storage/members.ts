import type { DB } from './database.js';
import type { MemberRow } from './schema.js';

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

export async function listMembers(db: DB, organizationId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
