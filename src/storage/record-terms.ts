import { batches } from './batches.js';
import type { DB } from './database.js';

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
          term_number: typeof term === 'number' ? term : null,
        })),
      )
      .execute();
  }
}

/**
 * Claims `values` of a unique field for a record. Returns the id of a record that already
 * holds one of them, or undefined when all were claimed. The primary key decides, so two
 * concurrent writers (even in two processes) can never both succeed.
 */
export async function claimUniqueValues(db: DB, scope: TermScope, fieldKey: string, values: readonly string[]): Promise<string | undefined> {
  for (const value of values) {
    const inserted = await db
      .insertInto('unique_values')
      .values({ organization_id: scope.organizationId, object_type: scope.objectType, field_key: fieldKey, value, record_id: scope.recordId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) continue;
    const holder = await db
      .selectFrom('unique_values')
      .select('record_id')
      .where('organization_id', '=', scope.organizationId)
      .where('object_type', '=', scope.objectType)
      .where('field_key', '=', fieldKey)
      .where('value', '=', value)
      .executeTakeFirst();
    if (holder && holder.record_id !== scope.recordId) return holder.record_id;
  }
  return undefined;
}

export async function releaseUniqueValues(db: DB, recordId: string, fieldKey: string): Promise<void> {
  await db.deleteFrom('unique_values').where('record_id', '=', recordId).where('field_key', '=', fieldKey).execute();
}
