import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addMember } from '../../src/domain/members.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('members, definitions and idempotent record writes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('lists members newest first with totalCount, pages them, and retrieves one', async () => {
    const ada = await addMember(t.server.storage.db, {
      organizationId: t.organizationId,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      role: 'MEMBER',
      now: new Date(Date.now() + 1000),
    });
    const list = await t.request({ path: '/v1/members' });
    assert.equal(list.status, 200);
    assert.equal(list.body.totalCount, 2);
    assert.equal(list.body.data[0].id, ada.id);
    assert.deepEqual(list.body.data[0].fields, {
      $name: { valueType: 'FULL_NAME', value: { firstName: 'Ada', lastName: 'Lovelace' } },
      $email: { valueType: 'EMAIL', value: 'ada@example.com' },
      $profileImage: { valueType: 'URL', value: null },
      $role: { valueType: 'TEXT', value: 'MEMBER' },
    });
    assert.deepEqual(list.body.data[0].relationships, {});
    const page = await t.request({ path: '/v1/members?limit=1&offset=1' });
    assert.deepEqual([page.body.data.length, page.body.totalCount], [1, 2]);
    const one = await t.request({ path: `/v1/members/${ada.id}` });
    assert.deepEqual(one.body, list.body.data[0]);
    const missing = await t.request({ path: '/v1/members/mem_01JD8X3Q9Z4K7M2N5P6R8S0T1V' });
    assert.deepEqual([missing.status, missing.body.error.message], [404, "No resource found in 'members' with the given ID."]);
  });

  it('answers list paging errors with 400 on the parameter', async () => {
    for (const [query, param, code] of [
      ['limit=0', 'limit', 'invalid_type'],
      ['limit=26', 'limit', 'invalid_type'],
      ['limit=abc', 'limit', 'invalid_type'],
      ['offset=-1', 'offset', 'invalid_type'],
      ['bogus=1', 'bogus', 'invalid_filter'],
    ] as const) {
      const res = await t.request({ path: `/v1/accounts?${query}` });
      assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, code, param], query);
    }
    const past = await t.request({ path: '/v1/accounts?offset=1000' });
    assert.deepEqual([past.status, past.body.data, past.body.totalCount], [200, [], 0]);
  });

  it('serves contact and account definitions in the public shape', async () => {
    const contacts = await t.request({ path: '/v1/contacts/definitions' });
    assert.equal(contacts.status, 200);
    assert.deepEqual(contacts.body.fieldDefinitions.$email.typeConfiguration, { multipleValues: true, unique: true });
    assert.deepEqual(contacts.body.relationshipDefinitions.$account, {
      id: contacts.body.relationshipDefinitions.$account.id,
      label: 'Accounts',
      description: null,
      cardinality: 'HAS_MANY',
      objectType: 'account',
    });
    const accounts = await t.request({ path: '/v1/accounts/definitions' });
    assert.equal(accounts.body.fieldDefinitions.$linkedIn.typeConfiguration.handleService, 'LINKEDIN');
    const again = await t.request({ path: '/v1/accounts/definitions' });
    assert.deepEqual(again.body, accounts.body, 'ids are stable');
  });

  it('makes create and update idempotent, each in its own namespace', async () => {
    const headers = { 'idempotency-key': 'acct-1' };
    const first = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Once' } }, headers });
    const second = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Once' } }, headers });
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.text, first.text);
    const list = await t.request({ path: '/v1/accounts' });
    assert.equal(list.body.data.filter((a: { fields: { $name: { value: string } } }) => a.fields.$name.value === 'Once').length, 1);
    const update = await t.request({ path: `/v1/accounts/${first.body.id}`, json: { fields: { $name: 'Twice' } }, headers });
    assert.equal(update.headers.get('idempotent-replayed'), null);
    assert.equal(update.body.fields.$name.value, 'Twice');
  });
});
