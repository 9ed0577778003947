import { sql, type Kysely } from 'kysely';

/**
 * Organizations seeded before meetings were served hold `$meeting` on accounts, contacts and
 * opportunities as a derived relationship that read no links. Meetings now store who took part
 * (`meeting.contact`, `meeting.account`, `meeting.opportunity`); the relationship reads them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('relationship_definitions')
    .set({ link_type: sql`'meeting.' || object_type`, derived: 0 })
    .where('key', '=', '$meeting')
    .where('system', '=', 1)
    .where('object_type', 'in', ['account', 'contact', 'opportunity'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('relationship_definitions')
    .set({ link_type: 'meeting.derived', derived: 1 })
    .where('key', '=', '$meeting')
    .where('system', '=', 1)
    .execute();
}
