import type { DB } from '../../storage/database.js';
import {
  claimUniqueValues,
  insertTermPairs,
  insertTerms,
  releaseUniqueValues,
  replaceNumberPairs,
  replaceSelectPairs,
  replaceTerms,
  type Term,
  type TermPair,
  type TermScope,
} from '../../storage/record-terms.js';
import type { FieldDefinition, ObjectDefinitions } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import { valueType, valueTypesThat } from '../values/registry.js';
import type { StoredValue } from '../values/value-type.js';

/** What lists filter and sort on for one field's value; none for a type storage does not index. */
function termsOf(def: FieldDefinition, value: StoredValue): Array<string | number> {
  const type = valueType(def.valueType);
  if (!type.capabilities.indexed || value === null) return [];
  return type.indexTerms(value);
}

/** Fields whose options pair with number terms (see migration 0010). */
function isPairedSelect(def: FieldDefinition): boolean {
  return valueType(def.valueType).capabilities.pairsWithNumbers;
}

const PAIRED_VALUE_TYPES = valueTypesThat('pairsWithNumbers');

function isNumberTerm(def: FieldDefinition): boolean {
  return valueType(def.valueType).termColumn === 'number';
}

/** Every single-select option of a record beside every number term of it. */
export function termPairs(terms: readonly Term[], defs: ObjectDefinitions): TermPair[] {
  const selects = new Set(defs.fields.filter(isPairedSelect).map((d) => d.key));
  const options = terms.filter((t) => selects.has(t.fieldKey) && typeof t.term === 'string');
  const numbers = terms.filter((t) => typeof t.term === 'number');
  return options.flatMap((o) => numbers.map((n) => ({ selectKey: o.fieldKey, optionId: o.term as string, fieldKey: n.fieldKey, number: n.term as number })));
}

/** Keeps what lists filter and sort on in step with one field's value. */
export async function indexField(trx: DB, scope: TermScope, def: FieldDefinition, value: StoredValue): Promise<void> {
  if (!valueType(def.valueType).capabilities.indexed) return;
  const terms = termsOf(def, value);
  await replaceTerms(trx, scope, def.key, terms);
  if (isPairedSelect(def)) await replaceSelectPairs(trx, scope, def.key, terms as string[]);
  else if (isNumberTerm(def)) await replaceNumberPairs(trx, scope, def.key, terms as number[], PAIRED_VALUE_TYPES);
}

/** Indexes every field of a record that has no terms yet (a create), in one statement a table. */
export async function indexNewRecord(trx: DB, scope: TermScope, defs: ObjectDefinitions, values: ReadonlyArray<{ def: FieldDefinition; value: StoredValue }>): Promise<void> {
  const terms: Term[] = [];
  for (const { def, value } of values) for (const term of termsOf(def, value)) terms.push({ fieldKey: def.key, term });
  await insertTerms(trx, scope, terms);
  await insertTermPairs(trx, scope, termPairs(terms, defs));
}

/** The values two records may not share, as the field's type compares them. */
function uniqueValues(def: FieldDefinition, value: StoredValue): string[] {
  if (value === null) return [];
  const type = valueType(def.valueType);
  return type.uniqueTerms ? type.uniqueTerms(value) : type.indexTerms(value).map(String);
}

/** Claims a unique field's values for a record, or fails with 409 naming the record that has one. */
export async function enforceUnique(trx: DB, scope: TermScope, def: FieldDefinition, value: StoredValue, options: { fresh?: boolean } = {}): Promise<void> {
  if (!def.config.unique) return;
  // A record being created holds nothing yet: there is nothing of its own to release.
  if (!options.fresh) await releaseUniqueValues(trx, scope.recordId, def.key);
  const holder = await claimUniqueValues(trx, scope, def.key, uniqueValues(def, value));
  if (holder !== undefined) {
    throw new DomainError('unique_violation', `Another record (${holder}) already has this value of '${def.key}', which must be unique.`, `fields.${def.key}`);
  }
}
