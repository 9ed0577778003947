import { sql, type Kysely } from 'kysely';
import { batches } from '../batches.js';
import { TERM_KEY_LENGTH, UNIQUE_KEY_LENGTH, uniqueValueKey } from '../bounded-keys.js';
import { textColumn } from './text-column.js';

/**
 * Index rows of bounded size: a TEXT value may hold 10,000 characters, and PostgreSQL's B-tree
 * refuses a row over 2,704 bytes, so a long term or unique value failed its write there.
 *
 * - `record_terms.term_key`: the term's first 200 code points (bounded-keys.ts, termKey), written
 *   beside each term, here computed for the terms already stored. The text index leads with it:
 *   filters and sorts range over the key and recheck `term_text` only where the key cannot decide
 *   (record-match.ts, record-query.ts). A plain column, not a generated one: SQLite never reads a
 *   generated column off a covering index.
 * - `unique_values.value_key`: the value, or for a long one its first 200 code points and its
 *   SHA-256 (computed by the code that claims it); the primary key holds on it instead of `value`.
 *
 * unique_values is rebuilt (SQLite cannot change a primary key in place), keeping every row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const text = textColumn(db);

  await db.schema.alterTable('record_terms').addColumn('term_key', text).execute();
  await sql`update record_terms set term_key = substr(term_text, 1, ${sql.lit(TERM_KEY_LENGTH)}) where term_text is not null`.execute(db);
  await db.schema.dropIndex('record_terms_text').execute();
  await db.schema
    .createIndex('record_terms_text')
    .on('record_terms')
    .columns(['organization_id', 'object_type', 'field_key', 'term_key', 'record_id'])
    .execute();

  await db.schema
    .createTable('unique_values_next')
    .addColumn('organization_id', text, (c) => c.notNull())
    .addColumn('object_type', text, (c) => c.notNull())
    .addColumn('field_key', text, (c) => c.notNull())
    .addColumn('value_key', text, (c) => c.notNull())
    .addColumn('value', text, (c) => c.notNull())
    .addColumn('record_id', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('unique_values_key', ['organization_id', 'object_type', 'field_key', 'value_key'])
    .execute();
  // A short value is its own key; a long one (only SQLite could hold one, or PostgreSQL one short
  // enough in bytes) gets its key here, as claimUniqueValues computes it.
  await sql`
    insert into unique_values_next (organization_id, object_type, field_key, value_key, value, record_id)
    select organization_id, object_type, field_key, value, value, record_id from unique_values
    where length(value) <= ${sql.lit(UNIQUE_KEY_LENGTH)}`.execute(db);
  const long = await sql<{ organization_id: string; object_type: string; field_key: string; value: string; record_id: string }>`
    select organization_id, object_type, field_key, value, record_id from unique_values
    where length(value) > ${sql.lit(UNIQUE_KEY_LENGTH)}`.execute(db);
  for (const batch of batches(long.rows, 100)) {
    await db
      .insertInto('unique_values_next')
      .values(batch.map((r) => ({ ...r, value_key: uniqueValueKey(r.value) })))
      .execute();
  }
  await db.schema.dropTable('unique_values').execute();
  await db.schema.alterTable('unique_values_next').renameTo('unique_values').execute();
  await db.schema.createIndex('unique_values_record').on('unique_values').columns(['record_id', 'field_key']).execute();
}

/** Back to terms indexed whole and values unique whole (which PostgreSQL takes only if every one is short enough). */
export async function down(db: Kysely<any>): Promise<void> {
  const text = textColumn(db);
  await db.schema.dropIndex('record_terms_text').execute();
  await db.schema.alterTable('record_terms').dropColumn('term_key').execute();
  await db.schema
    .createIndex('record_terms_text')
    .on('record_terms')
    .columns(['organization_id', 'object_type', 'field_key', 'term_text', 'record_id'])
    .execute();

  await db.schema
    .createTable('unique_values_prev')
    .addColumn('organization_id', text, (c) => c.notNull())
    .addColumn('object_type', text, (c) => c.notNull())
    .addColumn('field_key', text, (c) => c.notNull())
    .addColumn('value', text, (c) => c.notNull())
    .addColumn('record_id', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('unique_values_pk', ['organization_id', 'object_type', 'field_key', 'value'])
    .execute();
  await sql`
    insert into unique_values_prev (organization_id, object_type, field_key, value, record_id)
    select organization_id, object_type, field_key, value, record_id from unique_values`.execute(db);
  await db.schema.dropTable('unique_values').execute();
  await db.schema.alterTable('unique_values_prev').renameTo('unique_values').execute();
  await db.schema.createIndex('unique_values_record').on('unique_values').columns(['record_id', 'field_key']).execute();
}
