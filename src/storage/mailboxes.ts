import type { DB } from './database.js';
import type { MailboxRow } from './schema.js';

export async function findMailbox(db: DB, organizationId: string, memberId: string): Promise<MailboxRow | undefined> {
  return db.selectFrom('mailboxes').selectAll().where('organization_id', '=', organizationId).where('member_id', '=', memberId).executeTakeFirst();
}

/** The members of an organization whose mailbox others read in full. */
export async function membersSharingMail(db: DB, organizationId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('mailboxes').select('member_id').where('organization_id', '=', organizationId).where('share', '=', 'full').execute();
  return new Set(rows.map((r) => r.member_id));
}

export async function listMailboxes(db: DB, organizationId: string): Promise<MailboxRow[]> {
  return db.selectFrom('mailboxes').selectAll().where('organization_id', '=', organizationId).orderBy('member_id').execute();
}

/** Writes a member's mailbox whole: what `row` leaves null falls back to the server's settings. */
export async function saveMailbox(db: DB, row: MailboxRow): Promise<void> {
  const { organization_id: _org, member_id: _member, ...rest } = row;
  await db
    .insertInto('mailboxes')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'member_id']).doUpdateSet(rest))
    .execute();
}
