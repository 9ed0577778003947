import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Compilable } from 'kysely';
import { loadDefinitions } from '../../src/domain/definitions/load.js';
import { parseListQuery } from '../../src/domain/lists/parse-list-query.js';
import { createOrganization } from '../../src/domain/organizations.js';
import type { Storage } from '../../src/storage/database.js';
import { countQuery, pageQuery } from '../../src/storage/record-query.js';
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

/** Every table is reached through an index: no step reads a whole table. */
function assertIndexed(lines: string[], what: string): void {
  assert.ok(lines.length > 0, `${what}: no plan`);
  for (const line of lines) {
    assert.doesNotMatch(line, /^SCAN (records|record_terms|record_links)\b(?! USING (COVERING )?INDEX)/, `${what}: full scan in ${JSON.stringify(lines)}`);
  }
  assert.ok(lines.some((l) => /^SEARCH records USING (COVERING )?INDEX/.test(l)), `${what}: records not searched by index: ${JSON.stringify(lines)}`);
}

describe(`a filtered, sorted list over ${COUNT.toLocaleString('en-US')} opportunities uses indexes, not a full scan`, () => {
  let database: TestDatabase;
  let storage: Storage;
  let organizationId: string;

  before(async () => {
    database = await createTestDatabase('fieldhouse-plan-');
    storage = await database.open();
    const now = new Date('2026-03-01T00:00:00Z');
    organizationId = (await createOrganization(storage.db, { name: 'Big', admin: { email: 'a@big.test', firstName: 'A', lastName: 'B' }, now })).organization.id;
    const defs = await loadDefinitions(storage.db, organizationId, 'opportunity');
    const stages = defs.fields.find((f) => f.key === '$stage')!.config.options!;
    // Seeded through the storage layer: the same tables and terms the API writes, without 100k requests.
    const records = Array.from({ length: COUNT }, (_, i) => {
      const at = new Date(now.getTime() + i * 1000).toISOString();
      const stage = stages[i % stages.length]!.id;
      const fields = { $name: `Deal ${i}`, $stage: stage, $amount: (i * 37) % 100_000 };
      return { id: `opp_${String(i).padStart(26, '0')}`, at, fields };
    });
    await storage.db.transaction().execute(async (trx) => {
      for (const batch of batches(records, 200)) {
        await trx
          .insertInto('records')
          .values(batch.map((r) => ({ id: r.id, organization_id: organizationId, object_type: 'opportunity', fields: JSON.stringify(r.fields), external_id: null, created_at: r.at, updated_at: r.at })))
          .execute();
        await trx
          .insertInto('record_terms')
          .values(
            batch.flatMap((r) => [
              { organization_id: organizationId, object_type: 'opportunity', field_key: '$name', record_id: r.id, term_text: r.fields.$name.toLowerCase(), term_number: null },
              { organization_id: organizationId, object_type: 'opportunity', field_key: '$stage', record_id: r.id, term_text: r.fields.$stage, term_number: null },
              { organization_id: organizationId, object_type: 'opportunity', field_key: '$amount', record_id: r.id, term_text: null, term_number: r.fields.$amount },
            ]),
          )
          .execute();
      }
    });
    await sql`analyze`.execute(storage.db);
  });
  after(async () => {
    await storage.close();
    await database.drop();
  });

  const cases: Array<Record<string, string>> = [
    { '$amount[greaterThan]': '99000', sort: '-$amount' },
    { '$amount[lessThanOrEqual]': '100', sort: 'createdAt' },
    { $stage: 'Demo' },
    { '$name[startsWith]': 'deal 9999', sort: '$name' },
    { '$stage[-equal]': 'Demo', '$amount[greaterThanOrEqual]': '99990' },
    { $stage: 'Closed Won', sort: '-createdAt' },
  ];
  for (const query of cases) {
    it(`page and count for ${JSON.stringify(query)}`, async () => {
      const defs = await loadDefinitions(storage.db, organizationId, 'opportunity');
      const { filters, sort } = parseListQuery(query, defs, 'US');
      const q = { organizationId, objectType: 'opportunity', filters, sort, page: { limit: 25, offset: 0 } };
      if (CHECK_PLANS) {
        assertIndexed(await plan(storage, pageQuery(storage.db, q)), 'page');
        assertIndexed(await plan(storage, countQuery(storage.db, q)), 'count');
        for (const line of await plan(storage, pageQuery(storage.db, q))) {
          if (line.includes('record_terms') && !line.includes('sort_term')) assert.match(line, /USING COVERING INDEX record_terms_(text|number)/, 'filters read only the covering term index');
        }
      }
      const rows = await pageQuery(storage.db, q).execute();
      const total = Number((await countQuery(storage.db, q).executeTakeFirstOrThrow()).n);
      assert.ok(rows.length <= 25 && total >= rows.length);
      // Stages were dealt in turn, and Closed Won is the sixth of seven.
      if (query.$stage === 'Closed Won') assert.equal(total, Array.from({ length: COUNT }, (_, i) => i).filter((i) => i % 7 === 5).length);
    });
  }
});
