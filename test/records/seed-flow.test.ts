import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('the seed: opportunity.create end to end', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('creates an opportunity with stage by label and by id, a custom field, owner and champion; retrieve returns the same; the account lists it', async () => {
    const defs = await t.request({ path: '/v1/opportunities/definitions' });
    assert.equal(defs.status, 200);
    assert.equal(defs.body.objectType, 'opportunity');
    const stage = defs.body.fieldDefinitions.$stage;
    assert.equal(stage.valueType, 'SINGLE_SELECT');
    const labels = stage.typeConfiguration.options.map((o: { label: string }) => o.label);
    assert.deepEqual(labels, ['Prospecting', 'Qualification', 'Demo', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']);
    assert.equal(defs.body.fieldDefinitions.$opportunityStatus.readOnly, true);
    assert.equal(defs.body.fieldDefinitions.$amount.typeConfiguration.currency, 'USD');
    const negotiation = stage.typeConfiguration.options.find((o: { label: string }) => o.label === 'Negotiation').id as string;

    const priority = await t.request({
      path: '/v1/opportunities/definitions/fields',
      json: { key: 'priority', label: 'Priority', valueType: 'SINGLE_SELECT', typeConfiguration: { options: ['High', 'Low'] } },
    });
    assert.equal(priority.status, 200, priority.text);
    const withCustom = await t.request({ path: '/v1/opportunities/definitions' });
    assert.equal(withCustom.body.fieldDefinitions.priority.valueType, 'SINGLE_SELECT');

    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Acme Corp', $website: ['acme.com'] } } });
    assert.equal(account.status, 200, account.text);
    const contact = await t.request({
      path: '/v1/contacts',
      json: { fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: 'ada@acme.com' }, relationships: { $account: account.body.id } },
    });
    assert.equal(contact.status, 200, contact.text);
    const members = await t.request({ path: '/v1/members' });
    assert.equal(members.status, 200);
    const ownerId = members.body.data[0].id as string;

    const byLabel = await t.request({
      path: '/v1/opportunities',
      json: {
        fields: { $name: 'Acme expansion', $stage: 'qualification', $amount: 50000, $closeDate: '2026-12-31', priority: 'High' },
        relationships: { $account: account.body.id, $owner: ownerId, $champion: [contact.body.id] },
      },
    });
    assert.equal(byLabel.status, 200, byLabel.text);
    const opp = byLabel.body;
    assert.match(opp.id, /^opp_[0-9A-Z]{26}$/);
    assert.equal(opp.httpLink, `${t.url.replace('127.0.0.1', 'localhost')}/crm/opportunities/${opp.id}`);
    assert.equal(opp.fields.$name.value, 'Acme expansion');
    const qualification = stage.typeConfiguration.options.find((o: { label: string }) => o.label === 'Qualification').id;
    assert.deepEqual(opp.fields.$stage, { valueType: 'SINGLE_SELECT', value: qualification });
    const open = defs.body.fieldDefinitions.$opportunityStatus.typeConfiguration.options.find((o: { label: string }) => o.label === 'Open').id;
    assert.deepEqual(opp.fields.$opportunityStatus, { valueType: 'SINGLE_SELECT', value: open });
    assert.deepEqual(opp.fields.$amount, { valueType: 'CURRENCY', value: 50000 });
    assert.deepEqual(opp.fields.$closeDate, { valueType: 'DATETIME', value: '2026-12-31T00:00:00.000Z' });
    const high = priority.body.typeConfiguration.options.find((o: { label: string }) => o.label === 'High').id;
    assert.deepEqual(opp.fields.priority, { valueType: 'SINGLE_SELECT', value: high });
    assert.deepEqual(opp.fields.$summary, { valueType: 'MARKDOWN', value: null });
    assert.deepEqual(opp.relationships.$account, { cardinality: 'has_one', objectType: 'account', values: [account.body.id] });
    assert.deepEqual(opp.relationships.$owner.values, [ownerId]);
    assert.deepEqual(opp.relationships.$createdBy.values, [ownerId], '$createdBy defaults to the key\'s member');
    assert.deepEqual(opp.relationships.$champion.values, [contact.body.id]);
    assert.deepEqual(opp.relationships.$task, { cardinality: 'has_many', objectType: 'task', values: [] });
    assert.equal(opp.createdAt, opp.updatedAt);

    const retrieved = await t.request({ path: `/v1/opportunities/${opp.id}` });
    assert.equal(retrieved.status, 200);
    assert.deepEqual(retrieved.body, opp);

    const byId = await t.request({
      path: '/v1/opportunities',
      json: { fields: { $name: 'Acme renewal', $stage: negotiation }, relationships: { $account: account.body.id } },
    });
    assert.equal(byId.status, 200, byId.text);
    assert.equal(byId.body.fields.$stage.value, negotiation);

    const acc = await t.request({ path: `/v1/accounts/${account.body.id}` });
    assert.deepEqual(new Set(acc.body.relationships.$opportunity.values), new Set([opp.id, byId.body.id]));
    assert.deepEqual(acc.body.relationships.$contact.values, [contact.body.id]);
    const accountDefs = await t.request({ path: '/v1/accounts/definitions' });
    const inPipeline = accountDefs.body.fieldDefinitions.$accountStatus.typeConfiguration.options.find((o: { label: string }) => o.label === 'In pipeline').id;
    assert.equal(acc.body.fields.$accountStatus.value, inPipeline);

    const list = await t.request({ path: '/v1/opportunities' });
    assert.equal(list.status, 200);
    assert.equal(list.body.object, 'list');
    assert.equal(list.body.totalCount, 2);
    assert.deepEqual(list.body.data.map((r: { id: string }) => r.id), [byId.body.id, opp.id], 'newest first');
  });
});
