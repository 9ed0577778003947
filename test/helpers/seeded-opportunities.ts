import assert from 'node:assert/strict';
import type { Compilable } from 'kysely';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import type { ObjectDefinitions } from '../../src/domain/definitions/types.js';
import { createOrganization } from '../../src/domain/organizations.js';
import type { SelectOption } from '../../src/domain/values/value-type.js';
import { termPairs } from '../../src/domain/records/record-index.js';
import { batches } from '../../src/storage/batches.js';
import { termKey } from '../../src/storage/bounded-keys.js';
import type { DB, Storage } from '../../src/storage/database.js';

/** An opportunity written straight to the tables, with the terms a list filters and sorts on. */
export interface SeededOpportunity {
  id: string;
  at: string;
  name: string;
  stage: string;
  amount: number | null;
}

/** A fresh organization to seed, its opportunity definitions, and the stage options by label. */
export async function seedableOrganization(storage: Storage, now: Date): Promise<{ organizationId: string; defs: ObjectDefinitions; stages: SelectOption[]; stageIds: Map<string, string> }> {
  const { organization } = await createOrganization(storage.db, { name: 'Big', admin: { email: 'a@big.test', firstName: 'A', lastName: 'B' }, now });
  const defs = await loadDefinitions(storage.db, organization.id, 'opportunity');
  const stages = defs.fields.find((f) => f.key === '$stage')!.config.options!;
  return { organizationId: organization.id, defs, stages, stageIds: new Map(stages.map((o) => [o.label, o.id])) };
}

/**
 * The `i`th of a run of opportunities a second apart: stages in turn, amounts spread over 0–99,999,
 * and every eleventh without an amount, so sorts by it end with records that lack the term.
 */
export function syntheticOpportunity(i: number, now: Date, stages: readonly SelectOption[]): SeededOpportunity {
  return {
    id: `opp_${String(i).padStart(26, '0')}`,
    at: new Date(now.getTime() + i * 1000).toISOString(),
    name: `Deal ${i}`,
    stage: stages[i % stages.length]!.id,
    amount: i % 11 === 3 ? null : (i * 37) % 100_000,
  };
}

/**
 * Writes opportunities through the storage layer: the same rows and terms (text, number, option ×
 * number pairs) the API writes, without 100,000 requests. `also` adds rows of its own per batch.
 */
export async function seedOpportunities<T extends SeededOpportunity>(
  trx: DB,
  organizationId: string,
  defs: ObjectDefinitions,
  seeded: readonly T[],
  also: (batch: readonly T[]) => Promise<void> = async () => {},
): Promise<void> {
  const term = (r: T, field_key: string, term_text: string | null, term_number: number | null) => ({
    organization_id: organizationId,
    object_type: 'opportunity',
    field_key,
    record_id: r.id,
    term_text,
    term_key: term_text === null ? null : termKey(term_text),
    term_number,
  });
  for (const batch of batches(seeded, 200)) {
    await trx
      .insertInto('records')
      .values(batch.map((r) => ({ id: r.id, organization_id: organizationId, object_type: 'opportunity', fields: '{}', external_id: null, created_at: r.at, updated_at: r.at })))
      .execute();
    await trx
      .insertInto('record_terms')
      .values(batch.flatMap((r) => [term(r, '$name', r.name.toLowerCase(), null), term(r, '$stage', r.stage, null), ...(r.amount === null ? [] : [term(r, '$amount', null, r.amount)])]))
      .execute();
    // The option × number pairs, as record-index.ts computes them for a create.
    await trx
      .insertInto('record_term_pairs')
      .values(
        batch.flatMap((r) =>
          termPairs([{ fieldKey: '$stage', term: r.stage }, ...(r.amount === null ? [] : [{ fieldKey: '$amount', term: r.amount }])], defs).map((p) => ({
            organization_id: organizationId,
            object_type: 'opportunity',
            select_key: p.selectKey,
            option_id: p.optionId,
            field_key: p.fieldKey,
            term_number: p.number,
            record_id: r.id,
          })),
        ),
      )
      .execute();
    await also(batch);
  }
}

/** SQLite's plan for the exact SQL and parameters the API would run, one line per step. */
export async function queryPlan(storage: Storage, query: Compilable): Promise<string[]> {
  const compiled = query.compile();
  const result = await storage.db.executeQuery({ ...compiled, sql: `explain query plan ${compiled.sql}` });
  return (result.rows as Array<{ detail: string }>).map((r) => r.detail);
}

/** No step of the plan reads a whole table of records, terms, links or list members. */
export function assertNoFullScan(lines: string[], what: string): void {
  assert.ok(lines.length > 0, `${what}: no plan`);
  for (const line of lines) {
    assert.doesNotMatch(line, /^SCAN (records|record_terms|record_links|list_members)\b(?! USING (COVERING )?INDEX)/, `${what}: full scan in ${JSON.stringify(lines)}`);
  }
}

/** What a list must answer: matches in the sort order, those without the sort value last, ties by id in the same direction. */
export function expectedOrder<T extends { id: string }>(rows: readonly T[], matches: (r: T) => boolean, key: (r: T) => string | number | null, desc: boolean): string[] {
  const dir = desc ? -1 : 1;
  return rows
    .filter(matches)
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      if (ka === null || kb === null) return ka === kb ? dir * (a.id < b.id ? -1 : 1) : ka === null ? 1 : -1;
      if (ka !== kb) return dir * (ka < kb ? -1 : 1);
      return dir * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    })
    .map((r) => r.id);
}
