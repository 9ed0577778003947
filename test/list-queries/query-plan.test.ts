import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Compilable } from 'kysely';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import { parseListQuery } from '../../src/domain/list-queries/parse-list-query.js';
import { createOrganization } from '../../src/domain/organizations.js';
import { termPairs } from '../../src/domain/records/record-index.js';
import type { Storage } from '../../src/storage/database.js';
import { countQuery, pageQuery, queryRecords, type PagePlan, type RecordQuery } from '../../src/storage/record-query.js';
import type { RecordRow } from '../../src/storage/schema.js';
import { batches } from '../../src/storage/batches.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../helpers/test-database.js';

// The plan checks read SQLite's EXPLAIN QUERY PLAN, whose steps name the index they use.
// PostgreSQL picks plans by cost from statistics (a hash join over a sequential scan can be its
// cheapest plan for a large match), so on it this suite checks the answers over the same data.
const CHECK_PLANS = TEST_ENGINE === 'sqlite';

const COUNT = 100_000;

/** SQLite's plan for the exact SQL and parameters the API would run, one line per step. */
async function plan(storage: Storage, query: Compilable): Promise<string[]> {
  const compiled = query.compile();
  const result = await storage.db.executeQuery({ ...compiled, sql: `explain query plan ${compiled.sql}` });
  return (result.rows as Array<{ detail: string }>).map((r) => r.detail);
}

/** Every table is reached through an index: no step reads a whole table, nor all of an organization's records. */
function assertIndexed(lines: string[], what: string, options: { walksRecords?: boolean } = {}): void {
  assert.ok(lines.length > 0, `${what}: no plan`);
  for (const line of lines) {
    assert.doesNotMatch(line, /^SCAN (records|record_terms|record_links)\b(?! USING (COVERING )?INDEX)/, `${what}: full scan in ${JSON.stringify(lines)}`);
    if (!options.walksRecords) assert.doesNotMatch(line, /records_list/, `${what}: walks every record of the type: ${JSON.stringify(lines)}`);
  }
}

describe(`a filtered, sorted list over ${COUNT.toLocaleString('en-US')} opportunities: both page plans, by index, as an oracle says`, () => {
  let database: TestDatabase;
  let storage: Storage;
  let organizationId: string;
  let stageIds: Map<string, string>;
  interface Seeded {
    id: string;
    at: string;
    name: string;
    stage: string;
    amount: number | null;
    account: string;
  }
  let seeded: Seeded[];

  before(async () => {
    database = await createTestDatabase('fieldhouse-plan-');
    storage = await database.open();
    const now = new Date('2026-03-01T00:00:00Z');
    organizationId = (await createOrganization(storage.db, { name: 'Big', admin: { email: 'a@big.test', firstName: 'A', lastName: 'B' }, now })).organization.id;
    const defs = await loadDefinitions(storage.db, organizationId, 'opportunity');
    const stages = defs.fields.find((f) => f.key === '$stage')!.config.options!;
    stageIds = new Map(stages.map((o) => [o.label, o.id]));
    // Every eleventh opportunity has no amount, so sorts by it end with records that lack the term.
    seeded = Array.from({ length: COUNT }, (_, i) => ({
      id: `opp_${String(i).padStart(26, '0')}`,
      at: new Date(now.getTime() + i * 1000).toISOString(),
      name: `Deal ${i}`,
      stage: stages[i % stages.length]!.id,
      amount: i % 11 === 3 ? null : (i * 37) % 100_000,
      account: `acc_${String(i % 50).padStart(26, '0')}`,
    }));
    const term = (r: Seeded, field_key: string, term_text: string | null, term_number: number | null) => ({ organization_id: organizationId, object_type: 'opportunity', field_key, record_id: r.id, term_text, term_number });
    // Seeded through the storage layer: the same tables and terms the API writes, without 100k requests.
    await storage.db.transaction().execute(async (trx) => {
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
              termPairs(
                [{ fieldKey: '$stage', term: r.stage }, ...(r.amount === null ? [] : [{ fieldKey: '$amount', term: r.amount }])],
                defs,
              ).map((p) => ({ organization_id: organizationId, object_type: 'opportunity', select_key: p.selectKey, option_id: p.optionId, field_key: p.fieldKey, term_number: p.number, record_id: r.id })),
            ),
          )
          .execute();
        await trx
          .insertInto('record_links')
          .values(batch.map((r) => ({ organization_id: organizationId, link_type: 'opportunity.account', source_id: r.id, target_id: r.account, created_at: r.at })))
          .execute();
      }
    });
    // No ANALYZE: fieldhouse never runs it, so the plans must be good without statistics.
  });
  after(async () => {
    await storage.close();
    await database.drop();
  });

  type Case = { query: Record<string, string>; matches: (r: Seeded) => boolean; key: (r: Seeded) => string | number | null; desc: boolean };
  const byCreation = (r: Seeded) => r.at;
  const cases: Case[] = [
    { query: { '$amount[greaterThan]': '50000', sort: '-$amount' }, matches: (r) => r.amount !== null && r.amount > 50_000, key: (r) => r.amount, desc: true },
    { query: { $stage: 'Demo', '$amount[greaterThan]': '20000', sort: '-$amount' }, matches: (r) => r.stage === stageIds.get('Demo') && r.amount !== null && r.amount > 20_000, key: (r) => r.amount, desc: true },
    { query: { '$amount[lessThanOrEqual]': '100', sort: 'createdAt' }, matches: (r) => r.amount !== null && r.amount <= 100, key: byCreation, desc: false },
    { query: { $stage: 'Demo' }, matches: (r) => r.stage === stageIds.get('Demo'), key: byCreation, desc: true },
    { query: { '$name[startsWith]': 'deal 9999', sort: '$name' }, matches: (r) => r.name.toLowerCase().startsWith('deal 9999'), key: (r) => r.name.toLowerCase(), desc: false },
    { query: { '$stage[-equal]': 'Demo', '$amount[greaterThanOrEqual]': '99990' }, matches: (r) => r.stage !== stageIds.get('Demo') && r.amount !== null && r.amount >= 99_990, key: byCreation, desc: true },
    { query: { $stage: 'Closed Won', sort: '-createdAt' }, matches: (r) => r.stage === stageIds.get('Closed Won'), key: byCreation, desc: true },
    { query: { $stage: 'Prospecting', sort: '$amount' }, matches: (r) => r.stage === stageIds.get('Prospecting'), key: (r) => r.amount, desc: false },
    { query: { $account: `acc_${'7'.padStart(26, '0')}`, sort: '-$amount' }, matches: (r) => r.account.endsWith('007'), key: (r) => r.amount, desc: true },
    { query: { '$account[-equal]': `acc_${'7'.padStart(26, '0')}`, '$stage[-equal]': 'Demo', sort: '-$amount' }, matches: (r) => !r.account.endsWith('007') && r.stage !== stageIds.get('Demo'), key: (r) => r.amount, desc: true },
    { query: { sort: '-$amount' }, matches: () => true, key: (r) => r.amount, desc: true },
    // 1,111 matches, 101 without an amount: the walk runs past the records with one within its depth.
    { query: { '$name[startsWith]': 'deal 99', sort: '-$amount' }, matches: (r) => r.name.startsWith('Deal 99'), key: (r) => r.amount, desc: true },
  ];

  /** What the list must answer: matches in the sort order, records without the sort value last, ties by id in the same direction. */
  function oracle(c: Case): string[] {
    const dir = c.desc ? -1 : 1;
    return seeded
      .filter(c.matches)
      .sort((a, b) => {
        const [ka, kb] = [c.key(a), c.key(b)];
        if (ka === null || kb === null) return ka === kb ? dir * (a.id < b.id ? -1 : 1) : ka === null ? 1 : -1;
        if (ka !== kb) return dir * (ka < kb ? -1 : 1);
        return dir * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      })
      .map((r) => r.id);
  }

  for (const c of cases) {
    it(`count and both page plans for ${JSON.stringify(c.query)}`, async () => {
      const defs = await loadDefinitions(storage.db, organizationId, 'opportunity');
      const { filters, sort } = parseListQuery(c.query, defs, 'US');
      const expected = oracle(c);
      const q = (offset: number): RecordQuery => ({ organizationId, objectType: 'opportunity', filters, sort, page: { limit: 25, offset } });
      if (CHECK_PLANS) {
        assertIndexed(await plan(storage, countQuery(storage.db, q(0))), 'count', { walksRecords: filters.every((f) => f.negate) });
        assertIndexed(await plan(storage, pageQuery(storage.db, q(0), 'matches')), 'matches page', { walksRecords: filters.every((f) => f.negate) });
        const ordered = await plan(storage, pageQuery(storage.db, q(0), 'ordered'));
        assertIndexed(ordered, 'ordered page', { walksRecords: sort.kind === 'record' });
        assert.ok(!ordered.some((l) => l.includes('TEMP B-TREE')), `the ordered page reads its order off an index, sorting nothing: ${JSON.stringify(ordered)}`);
      }
      // The first page, the last, and one across the end of the records that have the sort value.
      const withoutKey = seeded.filter((r) => c.matches(r) && c.key(r) === null).length;
      const offsets = new Set([0, 25, Math.max(0, expected.length - 25), Math.max(0, expected.length - withoutKey - 10), expected.length + 5]);
      for (const offset of offsets) {
        // The walk serves the first pages (choosePagePlan); deeper, its cost grows with the offset.
        for (const pagePlan of (offset <= 1_500 ? ['matches', 'ordered'] : ['matches']) as PagePlan[]) {
          const { rows, total } = await queryRecords(storage.db, q(offset), pagePlan);
          assert.equal(total, expected.length, `${pagePlan} total`);
          assert.deepEqual(
            rows.map((r: RecordRow) => r.id),
            expected.slice(offset, offset + 25),
            `${pagePlan} page at offset ${offset}`,
          );
        }
      }
    });
  }
});
