import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import { parseListQuery } from '../../src/domain/list-queries/parse-list-query.js';
import type { Storage } from '../../src/storage/database.js';
import { countQuery, pageQuery, queryRecords, type PagePlan, type RecordQuery } from '../../src/storage/record-query.js';
import type { RecordRow } from '../../src/storage/schema.js';
import { assertNoFullScan, expectedOrder, queryPlan, seedableOrganization, seedOpportunities, syntheticOpportunity, type SeededOpportunity } from '../helpers/seeded-opportunities.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../helpers/test-database.js';

// The plan checks read SQLite's EXPLAIN QUERY PLAN, whose steps name the index they use.
// PostgreSQL picks plans by cost from statistics (a hash join over a sequential scan can be its
// cheapest plan for a large match), so on it this suite checks the answers over the same data.
const CHECK_PLANS = TEST_ENGINE === 'sqlite';

const COUNT = 100_000;

/** Every table is reached through an index: no step reads a whole table, nor all of an organization's records. */
function assertIndexed(lines: string[], what: string, options: { walksRecords?: boolean } = {}): void {
  assertNoFullScan(lines, what);
  if (!options.walksRecords) for (const line of lines) assert.doesNotMatch(line, /records_list/, `${what}: walks every record of the type: ${JSON.stringify(lines)}`);
}

describe(`a filtered, sorted list over ${COUNT.toLocaleString('en-US')} opportunities: both page plans, by index, as an oracle says`, () => {
  let database: TestDatabase;
  let storage: Storage;
  let organizationId: string;
  let stageIds: Map<string, string>;
  interface Seeded extends SeededOpportunity {
    account: string;
  }
  let seeded: Seeded[];

  before(async () => {
    database = await createTestDatabase('fieldhouse-plan-');
    storage = await database.open();
    const now = new Date('2026-03-01T00:00:00Z');
    const org = await seedableOrganization(storage, now);
    ({ organizationId, stageIds } = org);
    seeded = Array.from({ length: COUNT }, (_, i) => ({ ...syntheticOpportunity(i, now, org.stages), account: `acc_${String(i % 50).padStart(26, '0')}` }));
    await storage.db.transaction().execute((trx) =>
      seedOpportunities(trx, organizationId, org.defs, seeded, async (batch) => {
        await trx
          .insertInto('record_links')
          .values(batch.map((r) => ({ organization_id: organizationId, link_type: 'opportunity.account', source_id: r.id, target_id: r.account, created_at: r.at })))
          .execute();
      }),
    );
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

  const oracle = (c: Case): string[] => expectedOrder(seeded, c.matches, c.key, c.desc);

  for (const c of cases) {
    it(`count and both page plans for ${JSON.stringify(c.query)}`, async () => {
      const defs = await loadDefinitions(storage.db, organizationId, 'opportunity');
      const { filters, sort } = parseListQuery(c.query, defs, 'US');
      const expected = oracle(c);
      const q = (offset: number): RecordQuery => ({ organizationId, objectType: 'opportunity', filters, sort, page: { limit: 25, offset } });
      if (CHECK_PLANS) {
        assertIndexed(await queryPlan(storage, countQuery(storage.db, q(0))), 'count', { walksRecords: filters.every((f) => f.negate) });
        assertIndexed(await queryPlan(storage, pageQuery(storage.db, q(0), 'matches')), 'matches page', { walksRecords: filters.every((f) => f.negate) });
        const ordered = await queryPlan(storage, pageQuery(storage.db, q(0), 'ordered'));
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
