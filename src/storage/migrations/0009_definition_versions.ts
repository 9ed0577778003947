import type { Kysely } from 'kysely';
import { textColumn } from './text-column.js';

/**
 * A token per organization that changes with every definition write, in the write's transaction:
 * a process keeps definitions in memory for as long as the token it read them under is current,
 * whichever process changed them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('definition_versions')
    .addColumn('organization_id', textColumn(db), (c) => c.primaryKey().references('organizations.id'))
    .addColumn('version', textColumn(db), (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('definition_versions').execute();
}
