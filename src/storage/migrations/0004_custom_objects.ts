import type { Kysely } from 'kysely';

/** Custom object types: their records, definitions and links use the same tables as built-in ones. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('custom_objects')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('custom_objects_pk', ['organization_id', 'slug'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('custom_objects').execute();
}
