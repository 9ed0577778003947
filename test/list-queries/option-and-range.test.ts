import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator } from 'kysely';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { migrations } from '../../src/storage/migrations/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// An option and a number range together are answered from record_term_pairs: these lists check
// that creates, updates and derived statuses keep it in step with the records.
describe('lists filtered on an option and a number range', () => {
  let t: TestServer;
  let account: string;
  before(async () => {
    t = await startTestServer();
    account = (await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Pairs Inc' } } })).body.id;
  });
  after(() => t.stop());

  const create = async (stage: string, amount?: number) => {
    const res = await t.request({ path: '/v1/opportunities', json: { fields: { $name: `${stage} ${amount}`, $stage: stage, ...(amount === undefined ? {} : { $amount: amount }) }, relationships: { $account: account } } });
    assert.equal(res.status, 200, res.text);
    return res.body.id as string;
  };
  const update = async (id: string, fields: Record<string, unknown>) => {
    const res = await t.request({ path: `/v1/opportunities/${id}`, json: { fields } });
    assert.equal(res.status, 200, res.text);
  };
  const ids = async (query: string) => {
    const res = await t.request({ path: `/v1/opportunities?${query}&sort=createdAt` });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.totalCount, res.body.data.length, query);
    return res.body.data.map((o: { id: string }) => o.id);
  };

  it('follows creates, amount and stage updates, and the derived status', async () => {
    const o1 = await create('Demo', 5000);
    const o2 = await create('Demo', 500);
    const o3 = await create('Proposal', 9000);
    const o4 = await create('Demo');
    const demoOver1000 = '$stage=Demo&$amount[greaterThan]=1000';
    assert.deepEqual(await ids(demoOver1000), [o1]);
    assert.deepEqual(await ids('$opportunityStatus=Open&$amount[greaterThanOrEqual]=500'), [o1, o2, o3]);
    assert.deepEqual(await ids('$stage[-equal]=Demo&$amount[greaterThan]=0'), [o3]);

    await update(o2, { $amount: 2000 });
    assert.deepEqual(await ids(demoOver1000), [o1, o2]);
    await update(o1, { $stage: 'Closed Won' });
    assert.deepEqual(await ids(demoOver1000), [o2]);
    assert.deepEqual(await ids('$opportunityStatus=Won&$amount[lessThan]=5001'), [o1]);
    await update(o4, { $amount: 3000 });
    assert.deepEqual(await ids(demoOver1000), [o2, o4]);
    await update(o2, { $amount: null });
    assert.deepEqual(await ids(demoOver1000), [o4]);
    assert.deepEqual(await ids('$stage=Demo&$amount[lessThan]=1000000'), [o4]);
  });

  it('pairs a single-select field added after the records with their numbers', async () => {
    const r = await create('Demo', 100);
    const added = await t.request({ path: '/v1/opportunities/definitions/fields', json: { key: 'tier', label: 'Tier', valueType: 'SINGLE_SELECT', typeConfiguration: { options: ['Gold', 'Silver'] } } });
    assert.equal(added.status, 200, added.text);
    await update(r, { tier: 'Gold' });
    assert.deepEqual(await ids('tier=Gold&$amount[greaterThan]=50'), [r]);
    await update(r, { $amount: 40 });
    assert.deepEqual(await ids('tier=Gold&$amount[greaterThan]=50'), []);
    await update(r, { $amount: 60 });
    assert.deepEqual(await ids('tier=Gold&$amount[greaterThan]=50'), [r]);
    await update(r, { tier: 'Silver' });
    assert.deepEqual(await ids('tier=Gold&$amount[greaterThan]=50'), []);
    assert.deepEqual(await ids('tier=Silver&$amount[lessThanOrEqual]=60'), [r]);
  });

  it('pairs the records a database had before migration 0010 when it runs', async () => {
    const before = await ids('$opportunityStatus=Open&$amount[greaterThan]=0');
    assert.ok(before.length > 0);
    const migrator = new Migrator({ db: t.server.storage.db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo('0009_definition_versions');
    assert.equal(down.error, undefined);
    const names = Object.keys(migrations);
    assert.deepEqual(await migrateToLatest(t.server.storage.db), names.slice(names.indexOf('0010_record_term_pairs')));
    assert.deepEqual(await ids('$opportunityStatus=Open&$amount[greaterThan]=0'), before);
  });
});
