import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedBasics, type Seeded } from './helpers.js';

describe('updates', () => {
  const clock = manualClock();
  let t: TestServer;
  let s: Seeded;
  let optionId: (type: string, field: string, label: string) => Promise<string>;
  before(async () => {
    t = await startTestServer({ clock });
    s = await seedBasics(t);
    optionId = async (type, field, label) => {
      const defs = await t.request({ path: `/v1/${type}/definitions` });
      return defs.body.fieldDefinitions[field].typeConfiguration.options.find((o: { label: string }) => o.label === label).id;
    };
  });
  after(() => t.stop());

  const updateOpp = (json: unknown) => t.request({ path: `/v1/opportunities/${s.opportunityId}`, json });

  it('changes only the keys given, clears with null, and moves updatedAt', async () => {
    clock.advance(1000);
    const set = await updateOpp({ fields: { $amount: 1234.5, $nextSteps: 'Call Bill' } });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.fields.$amount.value, 1234.5);
    assert.equal(set.body.fields.$name.value, 'TPS reports');
    assert.equal(set.body.updatedAt, clock.now().toISOString());
    assert.notEqual(set.body.updatedAt, set.body.createdAt);

    clock.advance(1000);
    const cleared = await updateOpp({ fields: { $nextSteps: null } });
    assert.equal(cleared.body.fields.$nextSteps.value, null);
    assert.equal(cleared.body.fields.$amount.value, 1234.5);
    assert.equal(cleared.body.updatedAt, clock.now().toISOString());
  });

  it('returns the record unchanged, updatedAt included, when nothing changes', async () => {
    const current = await t.request({ path: `/v1/opportunities/${s.opportunityId}` });
    clock.advance(1000);
    for (const body of [{}, { fields: { $amount: 1234.5 } }, { fields: { $stage: 'demo' } }, { relationships: { $account: { replace: s.accountId } } }]) {
      const res = await updateOpp(body);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, current.body, JSON.stringify(body));
    }
  });

  it('recomputes $opportunityStatus with the stage, and the account status with it', async () => {
    const won = await updateOpp({ fields: { $stage: 'Closed Won' } });
    assert.equal(won.body.fields.$opportunityStatus.value, await optionId('opportunities', '$opportunityStatus', 'Won'));
    const account = await t.request({ path: `/v1/accounts/${s.accountId}` });
    assert.equal(account.body.fields.$accountStatus.value, await optionId('accounts', '$accountStatus', 'Customer'));

    const lost = await updateOpp({ fields: { $stage: 'Closed Lost' } });
    assert.equal(lost.body.fields.$opportunityStatus.value, await optionId('opportunities', '$opportunityStatus', 'Lost'));
    const prospect = await t.request({ path: `/v1/accounts/${s.accountId}` });
    assert.equal(prospect.body.fields.$accountStatus.value, await optionId('accounts', '$accountStatus', 'Prospect'));
  });

  it('moves an opportunity to another account with replace, updating both accounts', async () => {
    await updateOpp({ fields: { $stage: 'Demo' } });
    const other = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Initrode' } } });
    const moved = await updateOpp({ relationships: { $account: { replace: other.body.id } } });
    assert.deepEqual(moved.body.relationships.$account.values, [other.body.id]);
    const oldAccount = await t.request({ path: `/v1/accounts/${s.accountId}` });
    const newAccount = await t.request({ path: `/v1/accounts/${other.body.id}` });
    assert.deepEqual(oldAccount.body.relationships.$opportunity.values, []);
    assert.deepEqual(newAccount.body.relationships.$opportunity.values, [s.opportunityId]);
    assert.equal(oldAccount.body.fields.$accountStatus.value, await optionId('accounts', '$accountStatus', 'Prospect'));
    assert.equal(newAccount.body.fields.$accountStatus.value, await optionId('accounts', '$accountStatus', 'In pipeline'));
    await updateOpp({ relationships: { $account: { replace: s.accountId } } });
  });

  it('applies replace, then remove, then add', async () => {
    const extra = await t.request({ path: '/v1/contacts', json: { fields: { $name: { firstName: 'Samir', lastName: null } } } });
    const res = await t.request({
      path: `/v1/accounts/${s.accountId}`,
      json: { relationships: { $contact: { replace: [s.contactId, s.secondContactId], remove: s.contactId, add: extra.body.id } } },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.relationships.$contact.values, [s.secondContactId, extra.body.id]);
    const removeUnlinked = await t.request({ path: `/v1/accounts/${s.accountId}`, json: { relationships: { $contact: { remove: 'con_01JD8X3Q9Z4K7M2N5P6R8S0T1V' } } } });
    assert.equal(removeUnlinked.status, 200, 'removing an id that is not linked is a no-op');
    const cleared = await t.request({ path: `/v1/accounts/${s.accountId}`, json: { relationships: { $contact: { replace: null } } } });
    assert.deepEqual(cleared.body.relationships.$contact.values, []);
  });

  it('keeps one link seen from both sides when either side writes it', async () => {
    const fromContact = await t.request({ path: `/v1/contacts/${s.contactId}`, json: { relationships: { $account: { add: s.accountId } } } });
    assert.deepEqual(fromContact.body.relationships.$account.values, [s.accountId]);
    const account = await t.request({ path: `/v1/accounts/${s.accountId}` });
    assert.deepEqual(account.body.relationships.$contact.values, [s.contactId]);

    const fromAccount = await t.request({ path: `/v1/accounts/${s.accountId}`, json: { relationships: { $contact: { remove: s.contactId } } } });
    assert.deepEqual(fromAccount.body.relationships.$contact.values, []);
    const contact = await t.request({ path: `/v1/contacts/${s.contactId}` });
    assert.deepEqual(contact.body.relationships.$account.values, []);
  });

  it('writes a custom field by its bare slug and clears it with an empty string', async () => {
    const field = await t.request({ path: '/v1/accounts/definitions/fields', json: { key: 'icp-score', label: 'ICP score', valueType: 'NUMBER' } });
    assert.equal(field.status, 200, field.text);
    const before = await t.request({ path: `/v1/accounts/${s.accountId}` });
    assert.deepEqual(before.body.fields['icp-score'], { valueType: 'NUMBER', value: null }, 'existing records read a new field as null');
    const set = await t.request({ path: `/v1/accounts/${s.accountId}`, json: { fields: { 'icp-score': 87.456 } } });
    assert.equal(set.body.fields['icp-score'].value, 87.46);
    const dup = await t.request({ path: '/v1/accounts/definitions/fields', json: { key: 'icp-score', label: 'Again', valueType: 'TEXT' } });
    assert.deepEqual([dup.status, dup.body.error.type], [409, 'conflict']);
  });
});
