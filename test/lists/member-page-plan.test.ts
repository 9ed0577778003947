import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import { membershipOf } from '../../src/domain/list-queries/filter-nodes.js';
import { parseListQuery } from '../../src/domain/list-queries/parse-list-query.js';
import type { Storage } from '../../src/storage/database.js';
import { countQuery, pageQuery, queryRecords, type PagePlan, type RecordQuery } from '../../src/storage/record-query.js';
import type { RecordRow } from '../../src/storage/schema.js';
import { assertNoFullScan, expectedOrder, queryPlan, seedableOrganization, seedOpportunities, syntheticOpportunity, type SeededOpportunity } from '../helpers/seeded-opportunities.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../helpers/test-database.js';

// As in list-queries/query-plan.test.ts: SQLite's EXPLAIN QUERY PLAN names the index of every step;
// PostgreSQL plans by cost from statistics, so on it the same data checks the answers only.
const CHECK_PLANS = TEST_ENGINE === 'sqlite';

const RECORDS = 120_000;
const LIST_ID = 'lst_00000000000000000000000001';

describe(`a list's member page at 100,000 members: filtered and sorted by index, as an oracle says`, () => {
  let database: TestDatabase;
  let storage: Storage;
  let organizationId: string;
  let stageIds: Map<string, string>;
  interface Seeded extends SeededOpportunity {
    /** When it was put on the list; null when it is not on it. */
    addedAt: string | null;
  }
  let seeded: Seeded[];

  before(async () => {
    database = await createTestDatabase('fieldhouse-members-');
    storage = await database.open();
    const now = new Date('2026-03-01T00:00:00Z');
    const org = await seedableOrganization(storage, now);
    ({ organizationId, stageIds } = org);
    // Five of every six opportunities are on the list, added in an order unlike their creation's.
    seeded = Array.from({ length: RECORDS }, (_, i) => ({
      ...syntheticOpportunity(i, now, org.stages),
      addedAt: i % 6 === 5 ? null : new Date(now.getTime() + 1e9 + ((i * 7919) % RECORDS) * 1000).toISOString(),
    }));
    assert.equal(seeded.filter((r) => r.addedAt !== null).length, 100_000);
    await storage.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('records')
        .values({ id: LIST_ID, organization_id: organizationId, object_type: 'list', fields: JSON.stringify({ $name: 'Everyone', $objectType: '$opportunity' }), external_id: null, created_at: now.toISOString(), updated_at: now.toISOString() })
        .execute();
      await seedOpportunities(trx, organizationId, org.defs, seeded, async (batch) => {
        const members = batch.filter((r) => r.addedAt !== null);
        if (members.length > 0) {
          await trx.insertInto('list_members').values(members.map((r) => ({ organization_id: organizationId, list_id: LIST_ID, record_id: r.id, added_at: r.addedAt! }))).execute();
        }
      });
    });
  });
  after(async () => {
    await storage.close();
    await database.drop();
  });

  type Key = string | number | null;
  type Case = { query: Record<string, string>; matches: (r: Seeded) => boolean; key: (r: Seeded) => Key; desc: boolean };
  const byMembership = (r: Seeded) => r.addedAt;
  const cases: Case[] = [
    { query: {}, matches: () => true, key: byMembership, desc: true },
    { query: { $stage: 'Demo' }, matches: (r) => r.stage === stageIds.get('Demo'), key: byMembership, desc: true },
    { query: { '$amount[greaterThan]': '50000', sort: '-$amount' }, matches: (r) => r.amount !== null && r.amount > 50_000, key: (r) => r.amount, desc: true },
    { query: { $stage: 'Demo', '$amount[greaterThan]': '20000', sort: '-$amount' }, matches: (r) => r.stage === stageIds.get('Demo') && r.amount !== null && r.amount > 20_000, key: (r) => r.amount, desc: true },
    { query: { $stage: 'Prospecting', sort: '$amount' }, matches: (r) => r.stage === stageIds.get('Prospecting'), key: (r) => r.amount, desc: false },
    { query: { '$name[startsWith]': 'deal 99', sort: '$name' }, matches: (r) => r.name.toLowerCase().startsWith('deal 99'), key: (r) => r.name.toLowerCase(), desc: false },
    { query: { '$stage[-equal]': 'Demo', sort: 'createdAt' }, matches: (r) => r.stage !== stageIds.get('Demo'), key: (r) => r.at, desc: false },
    { query: { '$amount[lessThanOrEqual]': '100' }, matches: (r) => r.amount !== null && r.amount <= 100, key: byMembership, desc: true },
  ];

  const oracle = (c: Case): string[] => expectedOrder(seeded, (r) => r.addedAt !== null && c.matches(r), c.key, c.desc);

  for (const c of cases) {
    it(`count and both page plans for ${JSON.stringify(c.query)}`, async () => {
      const defs = await loadDefinitions(storage.db, organizationId, 'opportunity');
      const membership = membershipOf(LIST_ID);
      const parsed = parseListQuery(c.query, defs, 'US', membership.sort);
      const filters = [...parsed.filters, membership.filter];
      const expected = oracle(c);
      const q = (offset: number): RecordQuery => ({ organizationId, objectType: 'opportunity', filters, sort: parsed.sort, page: { limit: 25, offset } });
      if (CHECK_PLANS) {
        assertNoFullScan(await queryPlan(storage, countQuery(storage.db, q(0))), 'count');
        assertNoFullScan(await queryPlan(storage, pageQuery(storage.db, q(0), 'matches')), 'matches page');
        const ordered = await queryPlan(storage, pageQuery(storage.db, q(0), 'ordered'));
        assertNoFullScan(ordered, 'ordered page');
        assert.ok(!ordered.some((l) => l.includes('TEMP B-TREE')), `the ordered page reads its order off an index: ${JSON.stringify(ordered)}`);
        if (parsed.sort.kind === 'membership') assert.ok(ordered.some((l) => l.includes('list_members_order')), `walks the members in the order they were added: ${JSON.stringify(ordered)}`);
      }
      const withoutKey = seeded.filter((r) => r.addedAt !== null && c.matches(r) && c.key(r) === null).length;
      const offsets = new Set([0, 25, Math.max(0, expected.length - 25), Math.max(0, expected.length - withoutKey - 10), expected.length + 5]);
      for (const offset of offsets) {
        for (const pagePlan of (offset <= 1_500 ? ['matches', 'ordered', undefined] : ['matches', undefined]) as Array<PagePlan | undefined>) {
          const { rows, total } = await queryRecords(storage.db, q(offset), pagePlan);
          assert.equal(total, expected.length, `${pagePlan ?? 'chosen'} total`);
          assert.deepEqual(
            rows.map((r: RecordRow) => r.id),
            expected.slice(offset, offset + 25),
            `${pagePlan ?? 'chosen'} plan's page at offset ${offset}`,
          );
        }
      }
    });
  }
});
