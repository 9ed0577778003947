import { sql } from 'kysely';
import { batches } from './batches.js';
import { decidedByKey, termKey, uniqueValueKey } from './bounded-keys.js';
import type { DB } from './database.js';
import { contains } from './record-match.js';

export interface TermScope {
  organizationId: string;
  objectType: string;
  recordId: string;
}

export interface Term {
  fieldKey: string;
  term: string | number;
}

/** Replaces what the index holds for one field of one record. */
export async function replaceTerms(db: DB, scope: TermScope, fieldKey: string, terms: ReadonlyArray<string | number>): Promise<void> {
  await db.deleteFrom('record_terms').where('record_id', '=', scope.recordId).where('field_key', '=', fieldKey).execute();
  await insertTerms(db, scope, terms.map((term) => ({ fieldKey, term })));
}

/** The records of a type holding any of `terms` in one text field: e.g. the opportunities in some stages. */
export async function recordsWithTextTerms(db: DB, organizationId: string, objectType: string, fieldKey: string, terms: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const batch of batches(terms)) {
    // The index holds bounded keys: they decide for short terms; a long one needs the whole term too.
    let query = db
      .selectFrom('record_terms')
      .select('record_id')
      .where('organization_id', '=', organizationId)
      .where('object_type', '=', objectType)
      .where('field_key', '=', fieldKey)
      .where('term_key', 'in', [...new Set(batch.map(termKey))]);
    if (!batch.every(decidedByKey)) query = query.where('term_text', 'in', batch);
    const rows = await query.execute();
    ids.push(...rows.map((r) => r.record_id));
  }
  return [...new Set(ids)];
}

/** The text terms of one field that contain `fragment`, with their records, oldest record first: e.g. websites naming a domain. */
export async function textTermsContaining(db: DB, organizationId: string, objectType: string, fieldKey: string, fragment: string): Promise<Array<{ recordId: string; text: string }>> {
  const rows = await db
    .selectFrom('record_terms')
    .innerJoin('records', 'records.id', 'record_terms.record_id')
    .select(['record_terms.record_id as recordId', 'record_terms.term_text as text', 'records.created_at'])
    .where('record_terms.organization_id', '=', organizationId)
    .where('record_terms.object_type', '=', objectType)
    .where('record_terms.field_key', '=', fieldKey)
    .where(contains(sql.ref('record_terms.term_key'), sql.ref('record_terms.term_text'), fragment))
    .orderBy('records.created_at')
    .orderBy('record_terms.record_id')
    .execute();
  return rows.filter((r): r is typeof r & { text: string } => typeof r.text === 'string').map(({ recordId, text }) => ({ recordId, text }));
}

/** Adds index terms of one record, any number of fields in one statement per batch. */
export async function insertTerms(db: DB, scope: TermScope, terms: readonly Term[]): Promise<void> {
  for (const batch of batches(terms)) {
    await db
      .insertInto('record_terms')
      .values(
        batch.map(({ fieldKey, term }) => ({
          organization_id: scope.organizationId,
          object_type: scope.objectType,
          field_key: fieldKey,
          record_id: scope.recordId,
          term_text: typeof term === 'string' ? term : null,
          term_key: typeof term === 'string' ? termKey(term) : null,
          term_number: typeof term === 'number' ? term : null,
        })),
      )
      .execute();
  }
}

export interface TermPair {
  selectKey: string;
  optionId: string;
  fieldKey: string;
  number: number;
}

const PAIR_COLUMNS = ['organization_id', 'object_type', 'select_key', 'option_id', 'field_key', 'term_number', 'record_id'] as const;

/** Adds a new record's option × number pairs. */
export async function insertTermPairs(db: DB, scope: TermScope, pairs: readonly TermPair[]): Promise<void> {
  for (const batch of batches(pairs)) {
    await db
      .insertInto('record_term_pairs')
      .values(
        batch.map((p) => ({
          organization_id: scope.organizationId,
          object_type: scope.objectType,
          select_key: p.selectKey,
          option_id: p.optionId,
          field_key: p.fieldKey,
          term_number: p.number,
          record_id: scope.recordId,
        })),
      )
      .execute();
  }
}

/** Re-pairs a record's single-select field after its options changed, with the number terms the record holds. */
export async function replaceSelectPairs(db: DB, scope: TermScope, selectKey: string, optionIds: readonly string[]): Promise<void> {
  await db.deleteFrom('record_term_pairs').where('record_id', '=', scope.recordId).where('select_key', '=', selectKey).execute();
  for (const optionId of optionIds) {
    await db
      .insertInto('record_term_pairs')
      .columns(PAIR_COLUMNS)
      .expression(
        db
          .selectFrom('record_terms')
          .select((eb) => [
            eb.val(scope.organizationId).as('organization_id'),
            eb.val(scope.objectType).as('object_type'),
            eb.val(selectKey).as('select_key'),
            eb.val(optionId).as('option_id'),
            'field_key',
            sql<number>`term_number`.as('term_number'),
            'record_id',
          ])
          .where('record_id', '=', scope.recordId)
          .where('term_number', 'is not', null),
      )
      .execute();
  }
}

/**
 * Re-pairs a record's number field after its value changed, with the options of its fields whose
 * value type is one of `pairedValueTypes` (those that pair with numbers). Which fields those are is
 * read here, in the write's transaction, so a field added since the caller loaded its definitions
 * is paired too.
 */
export async function replaceNumberPairs(db: DB, scope: TermScope, fieldKey: string, numbers: readonly number[], pairedValueTypes: readonly string[]): Promise<void> {
  await db.deleteFrom('record_term_pairs').where('record_id', '=', scope.recordId).where('field_key', '=', fieldKey).execute();
  if (pairedValueTypes.length === 0) return;
  for (const number of numbers) {
    await db
      .insertInto('record_term_pairs')
      .columns(PAIR_COLUMNS)
      .expression(
        db
          .selectFrom('record_terms as t')
          .innerJoin('field_definitions as d', (join) =>
            join
              .onRef('d.organization_id', '=', 't.organization_id')
              .onRef('d.object_type', '=', 't.object_type')
              .onRef('d.key', '=', 't.field_key')
              .on('d.value_type', 'in', pairedValueTypes),
          )
          .select((eb) => [
            eb.val(scope.organizationId).as('organization_id'),
            eb.val(scope.objectType).as('object_type'),
            't.field_key as select_key',
            sql<string>`t.term_text`.as('option_id'),
            eb.val(fieldKey).as('field_key'),
            // Typed: a bare parameter in a select list is text to PostgreSQL.
            sql<number>`cast(${number} as double precision)`.as('term_number'),
            't.record_id',
          ])
          .where('t.record_id', '=', scope.recordId)
          .where('t.term_text', 'is not', null),
      )
      .execute();
  }
}

/**
 * Claims `values` of a unique field for a record. Returns the id of a record that already
 * holds one of them, or undefined when all were claimed. The primary key decides, so two
 * concurrent writers (even in two processes) can never both succeed. It holds on each value's
 * bounded key (uniqueValueKey: the value itself unless it is longer than 200 code points).
 */
export async function claimUniqueValues(db: DB, scope: TermScope, fieldKey: string, values: readonly string[]): Promise<string | undefined> {
  for (const value of values) {
    const valueKey = uniqueValueKey(value);
    const inserted = await db
      .insertInto('unique_values')
      .values({ organization_id: scope.organizationId, object_type: scope.objectType, field_key: fieldKey, value_key: valueKey, value, record_id: scope.recordId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) continue;
    const holder = await db
      .selectFrom('unique_values')
      .select('record_id')
      .where('organization_id', '=', scope.organizationId)
      .where('object_type', '=', scope.objectType)
      .where('field_key', '=', fieldKey)
      .where('value_key', '=', valueKey)
      .executeTakeFirst();
    if (holder && holder.record_id !== scope.recordId) return holder.record_id;
  }
  return undefined;
}

export async function releaseUniqueValues(db: DB, recordId: string, fieldKey: string): Promise<void> {
  await db.deleteFrom('unique_values').where('record_id', '=', recordId).where('field_key', '=', fieldKey).execute();
}

/** Drops every index term, pair and unique claim of a record: it leaves lists, counts and uniqueness. */
export async function dropRecordIndex(db: DB, recordId: string): Promise<void> {
  await db.deleteFrom('record_terms').where('record_id', '=', recordId).execute();
  await db.deleteFrom('record_term_pairs').where('record_id', '=', recordId).execute();
  await db.deleteFrom('unique_values').where('record_id', '=', recordId).execute();
}
