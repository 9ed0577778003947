import { sql, type Kysely } from 'kysely';
import { textColumn } from './text-column.js';

/**
 * A record's single-select options paired with its number terms, so a list filtered on an option
 * and a number range (the pipeline's "stage is Demo and amount over 100k") is one index range,
 * counted without intersecting two large scans. Existing records are paired from their terms.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('record_term_pairs')
    .addColumn('organization_id', textColumn(db), (c) => c.notNull())
    .addColumn('object_type', textColumn(db), (c) => c.notNull())
    .addColumn('select_key', textColumn(db), (c) => c.notNull())
    .addColumn('option_id', textColumn(db), (c) => c.notNull())
    .addColumn('field_key', textColumn(db), (c) => c.notNull())
    .addColumn('term_number', 'double precision', (c) => c.notNull())
    .addColumn('record_id', textColumn(db), (c) => c.notNull())
    .execute();
  await sql`
    insert into record_term_pairs (organization_id, object_type, select_key, option_id, field_key, term_number, record_id)
    select s.organization_id, s.object_type, s.field_key, s.term_text, n.field_key, n.term_number, s.record_id
    from record_terms s
    join field_definitions d on d.organization_id = s.organization_id and d.object_type = s.object_type and d.key = s.field_key and d.value_type = 'SINGLE_SELECT'
    join record_terms n on n.record_id = s.record_id and n.term_number is not null
    where s.term_text is not null`.execute(db);
  await db.schema
    .createIndex('record_term_pairs_range')
    .on('record_term_pairs')
    .columns(['organization_id', 'object_type', 'select_key', 'option_id', 'field_key', 'term_number', 'record_id'])
    .execute();
  await db.schema.createIndex('record_term_pairs_record').on('record_term_pairs').columns(['record_id', 'select_key', 'field_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('record_term_pairs').execute();
}
