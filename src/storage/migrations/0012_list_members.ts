import type { Kysely } from 'kysely';
import { textColumn } from './text-column.js';

/**
 * Which records are on which list, and since when. A list is a record (object type `list`); its
 * members are rows here rather than links, so that a list of 100,000 is paged in the order its
 * members were added straight off `list_members_order`, and reading or renaming the list never
 * reads its members. The primary key keeps one membership a record and serves the membership
 * probe; `list_members_record` finds the lists a record is on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const text = textColumn(db);
  await db.schema
    .createTable('list_members')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('list_id', text, (c) => c.notNull())
    .addColumn('record_id', text, (c) => c.notNull())
    .addColumn('added_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('list_members_pk', ['list_id', 'record_id'])
    .execute();
  await db.schema.createIndex('list_members_order').on('list_members').columns(['list_id', 'added_at', 'record_id']).execute();
  await db.schema.createIndex('list_members_record').on('list_members').columns(['record_id', 'list_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('list_members').execute();
}
