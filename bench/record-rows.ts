import type { ObjectDefinitions } from '../src/domain/definitions/types.js';
import { DomainError } from '../src/domain/errors.js';
import { typeInfoOf } from '../src/domain/objects.js';
import { linkRow } from '../src/domain/records/links.js';
import { termPairs } from '../src/domain/records/record-index.js';
import { fieldContext } from '../src/domain/definitions/field-context.js';
import { valueType } from '../src/domain/values/registry.js';
import type { StoredValue } from '../src/domain/values/value-type.js';
import { termKey, uniqueValueKey } from '../src/storage/bounded-keys.js';
import type { RecordLinkRow, RecordRow, RecordTermPairRow } from '../src/storage/schema.js';

/** A row of `record_terms`, as `replaceTerms` writes it. */
export interface TermRow {
  organization_id: string;
  object_type: string;
  field_key: string;
  record_id: string;
  term_text: string | null;
  term_key: string | null;
  term_number: number | null;
}

/** A row of `unique_values`, as `claimUniqueValues` writes it. */
export interface UniqueRow {
  organization_id: string;
  object_type: string;
  field_key: string;
  value_key: string;
  value: string;
  record_id: string;
}

/** A row of `record_term_pairs`, as `indexNewRecord` writes it. */
export type PairRow = RecordTermPairRow;

/** What one create writes to the record tables, table by table. */
export interface RecordRows {
  record: RecordRow;
  /** The stored (normalized) values, before `JSON.stringify`: kept so derived fields can be rewritten. */
  stored: Record<string, StoredValue>;
  terms: TermRow[];
  pairs: PairRow[];
  uniques: UniqueRow[];
  links: RecordLinkRow[];
}

/** A create as a client sends it: raw `fields`, and the ids each relationship is set to. */
export interface CreateInput {
  id: string;
  at: Date;
  fields: Record<string, unknown>;
  relationships: Record<string, string[]>;
}

export interface Actor {
  organizationId: string;
  /** The member the API key acts as: the default of `$createdBy`. */
  memberId: string;
  defaultRegion: string;
}

/**
 * The rows `createRecord` would write for this input, computed with the domain's own value
 * types, derivations and link rows, without a transaction or a lookup per record. It follows
 * createRecord step for step (validate-write's shape and normalize steps, the type's derive,
 * indexField, enforceUnique, linkRow); what it skips is what needs the database: checking that
 * linked ids exist (the seeder only links ids it made), refreshing `$accountStatus` (the seeder
 * tracks it, see seed.ts) and queueing the summary job (see README: seeded records have none).
 */
export function buildCreateRows(actor: Actor, defs: ObjectDefinitions, input: CreateInput): RecordRows {
  const { organizationId } = actor;
  const objectType = defs.objectType;
  const fieldDefs = new Map(defs.fields.map((d) => [d.key, d]));

  // Body order, as validateWrite returns the fields and createRecord copies them.
  const stored: Record<string, StoredValue> = {};
  for (const [key, raw] of Object.entries(input.fields)) {
    const def = fieldDefs.get(key);
    if (!def) throw new Error(`seed: unknown ${objectType} field '${key}'`);
    if (def.access === 'read-only') throw new Error(`seed: ${objectType} field '${key}' is read-only`);
    if (raw === null) continue;
    const type = valueType(def.valueType);
    const fault = type.checkShape(raw, fieldContext(def, actor.defaultRegion));
    if (fault) throw fault;
    const value = type.normalize(raw, fieldContext(def, actor.defaultRegion));
    if (value instanceof DomainError) throw value;
    if (value !== null) stored[key] = value;
  }
  for (const def of defs.fields) {
    if (def.required && stored[def.key] === undefined) throw new Error(`seed: ${objectType} needs '${def.key}'`);
  }
  typeInfoOf(objectType).derive?.(defs, undefined, stored, input.at);

  const at = input.at.toISOString();
  const record: RecordRow = {
    id: input.id,
    organization_id: organizationId,
    object_type: objectType,
    fields: JSON.stringify(stored),
    external_id: null,
    created_at: at,
    updated_at: at,
  };
  const terms = termRows(organizationId, defs, input.id, stored);

  const uniques: UniqueRow[] = [];
  for (const def of defs.fields) {
    const value = stored[def.key];
    if (value === undefined || !def.config.unique) continue;
    // record-index.ts `uniqueValues`: the type's uniqueTerms, else its index terms as text.
    const type = valueType(def.valueType);
    const values = type.uniqueTerms ? type.uniqueTerms(value) : type.indexTerms(value).map(String);
    for (const v of values) uniques.push({ organization_id: organizationId, object_type: objectType, field_key: def.key, value_key: uniqueValueKey(v), value: v, record_id: input.id });
  }

  const links: RecordLinkRow[] = [];
  for (const def of defs.relationships) {
    const given = input.relationships[def.key];
    if (given?.length && def.access === 'read-only') throw new Error(`seed: ${objectType} relationship '${def.key}' is read-only`);
    const ids = given?.length ? given : def.defaultsToActor ? [actor.memberId] : [];
    if (def.required && ids.length === 0) throw new Error(`seed: ${objectType} needs relationship '${def.key}'`);
    for (const other of ids) links.push(linkRow(organizationId, def, input.id, other, at));
  }
  for (const key of Object.keys(input.relationships)) {
    if (!defs.relationships.some((d) => d.key === key)) throw new Error(`seed: unknown ${objectType} relationship '${key}'`);
  }
  return { record, stored, terms, pairs: pairRows(defs, terms), uniques, links };
}

/** The option × number pairs of a record's terms, computed by the domain's own `termPairs`. */
export function pairRows(defs: ObjectDefinitions, terms: readonly TermRow[]): PairRow[] {
  const first = terms[0];
  if (!first) return [];
  const asTerms = terms.map((t) => ({ fieldKey: t.field_key, term: (t.term_number ?? t.term_text)! }));
  return termPairs(asTerms, defs).map((p) => ({
    organization_id: first.organization_id,
    object_type: first.object_type,
    select_key: p.selectKey,
    option_id: p.optionId,
    field_key: p.fieldKey,
    term_number: p.number,
    record_id: first.record_id,
  }));
}

/** What `indexField` keeps for every stored field of a record: filterable types only. */
export function termRows(organizationId: string, defs: ObjectDefinitions, recordId: string, stored: Record<string, StoredValue>): TermRow[] {
  const rows: TermRow[] = [];
  for (const def of defs.fields) {
    const value = stored[def.key];
    if (value === undefined) continue;
    const type = valueType(def.valueType);
    if (type.operators.length === 0) continue;
    for (const term of value === null ? [] : type.indexTerms(value)) {
      rows.push({
        organization_id: organizationId,
        object_type: defs.objectType,
        field_key: def.key,
        record_id: recordId,
        term_text: typeof term === 'string' ? term : null,
        term_key: typeof term === 'string' ? termKey(term) : null,
        term_number: typeof term === 'number' ? term : null,
      });
    }
  }
  return rows;
}
