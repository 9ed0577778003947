import type { Kysely } from 'kysely';

/**
 * Definitions, records and links. A record's values live in one JSON column (one read per
 * record); what lists filter, sort and count on is copied into `record_terms`, one indexed row
 * per scalar; uniqueness is a primary key in `unique_values`; each link is one row read from
 * both ends.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('field_definitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('value_type', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('system', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('field_definitions_key', ['organization_id', 'object_type', 'key'])
    .execute();

  await db.schema
    .createTable('relationship_definitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('cardinality', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('link_type', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('derived', 'integer', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('read_only_hint', 'text')
    .addColumn('defaults_to_actor', 'integer', (c) => c.notNull())
    .addColumn('replace_allowed', 'integer', (c) => c.notNull())
    .addColumn('system', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('relationship_definitions_key', ['organization_id', 'object_type', 'key'])
    .execute();

  await db.schema
    .createTable('records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The default list order, newest first with id as tie-break, read straight off this index.
  await db.schema.createIndex('records_list').on('records').columns(['organization_id', 'object_type', 'created_at', 'id']).execute();

  await db.schema
    .createTable('record_terms')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('field_key', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('term_text', 'text')
    .addColumn('term_number', 'double precision')
    .execute();
  await db.schema
    .createIndex('record_terms_text')
    .on('record_terms')
    .columns(['organization_id', 'object_type', 'field_key', 'term_text', 'record_id'])
    .execute();
  await db.schema
    .createIndex('record_terms_number')
    .on('record_terms')
    .columns(['organization_id', 'object_type', 'field_key', 'term_number', 'record_id'])
    .execute();
  await db.schema.createIndex('record_terms_record').on('record_terms').columns(['record_id', 'field_key']).execute();

  await db.schema
    .createTable('unique_values')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('field_key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unique_values_pk', ['organization_id', 'object_type', 'field_key', 'value'])
    .execute();
  await db.schema.createIndex('unique_values_record').on('unique_values').columns(['record_id', 'field_key']).execute();

  await db.schema
    .createTable('record_links')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('link_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_links_pk', ['source_id', 'link_type', 'target_id'])
    .execute();
  await db.schema.createIndex('record_links_target').on('record_links').columns(['target_id', 'link_type', 'source_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['record_links', 'unique_values', 'record_terms', 'records', 'relationship_definitions', 'field_definitions']) {
    await db.schema.dropTable(table).execute();
  }
}
