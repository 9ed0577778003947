import type { Kysely } from 'kysely';
import { textColumn } from './text-column.js';

/**
 * The record lifecycle of the newer public API. A deleted record moves, whole, into
 * `trashed_records` with the links and list memberships it had, so every read of `records`
 * (retrieve, lists, counts, uniqueness, other records' relationships) leaves it out without a
 * filter; restore moves it back. `field_history` holds one row per change of a field, written in
 * the change's transaction, read newest first off `field_history_order`. `merges` keeps each
 * merge with the snapshot its undo restores.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const text = textColumn(db);
  await db.schema
    .createTable('trashed_records')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', text, (c) => c.notNull())
    // JSON arrays: the record_links rows and list_members rows it took with it.
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('memberships', 'text', (c) => c.notNull())
    // The merge that trashed it, when one did: only that merge's undo may bring it back as it was.
    .addColumn('merge_id', 'text')
    .execute();
  await db.schema.createIndex('trashed_records_purge').on('trashed_records').columns(['deleted_at', 'id']).execute();

  await db.schema
    .createTable('field_history')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('record_id', text, (c) => c.notNull())
    .addColumn('field_key', text, (c) => c.notNull())
    // The stored value as JSON; null when the change cleared the field.
    .addColumn('value', 'text')
    .addColumn('is_create', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('field_history_order').on('field_history').columns(['record_id', 'field_key', 'id']).execute();

  await db.schema
    .createTable('merges')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('primary_id', 'text', (c) => c.notNull())
    .addColumn('duplicate_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['merges', 'field_history', 'trashed_records']) await db.schema.dropTable(table).execute();
}
