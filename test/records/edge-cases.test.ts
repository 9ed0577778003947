import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedBasics, storeCounts, type Seeded } from './helpers.js';

// Inputs found by review that once produced a 500 or a deviation; each stays answered as the spec says.
describe('edge cases', () => {
  let t: TestServer;
  let s: Seeded;
  before(async () => {
    t = await startTestServer();
    s = await seedBasics(t);
  });
  after(() => t.stop());

  it('answers 40,000 unknown relationship ids with 400 before looking any up, not a database error', async () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => `con_${i}`);
    const counts = await storeCounts(t);
    const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Many' }, relationships: { $contact: ids } } });
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'invalid_type', 'relationships.$contact']);
    assert.deepEqual(await storeCounts(t), counts);
  });

  it('stores a list of 100 emails, the most one write takes', async () => {
    const emails = Array.from({ length: 100 }, (_, i) => `user${i}@example.com`);
    const res = await t.request({ path: '/v1/contacts', json: { fields: { $email: emails } } });
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.equal(res.body.fields.$email.value.length, 100);
  });

  it('answers a body nested past the stack with 400, with or without an Idempotency-Key', async () => {
    const deep = `{"fields":{"$name":"A","$website":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const variants: Array<Record<string, string>> = [{}, { 'idempotency-key': 'deep' }];
    for (const headers of variants) {
      const res = await t.request({ path: '/v1/accounts', method: 'POST', rawBody: deep, headers: { 'content-type': 'application/json', ...headers } });
      assert.ok(res.status === 400, `${res.status} ${res.text.slice(0, 200)}`);
    }
  });

  it('counts an empty string for a required field as missing on create, before any other check', async () => {
    const res = await t.request({ path: '/v1/opportunities', json: { fields: { $name: '', $stage: 'bogus', $amount: 'x' }, relationships: { $account: s.accountId } } });
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'parameter_missing', 'fields.$name']);
  });

  it('limits a request to 25 relationship ids in all', async () => {
    const contacts = await Promise.all(Array.from({ length: 25 }, (_, i) => t.request({ path: '/v1/contacts', json: { fields: { $title: `c${i}` } } })));
    const res = await t.request({
      path: '/v1/accounts',
      json: { fields: { $name: 'Crowded' }, relationships: { $contact: contacts.map((c) => c.body.id), $owner: s.memberId } },
    });
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [422, 'relationship_write_limit_exceeded', 'relationships.$owner']);
  });

  it('replays a completed key even when the repeat\'s body would not validate, and flags the difference', async () => {
    const headers = { 'idempotency-key': 'replay-bad-body' };
    const first = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Replayed' } }, headers });
    const repeat = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Replayed' }, bogus: 1 }, headers });
    assert.equal(repeat.status, 200);
    assert.equal(repeat.text, first.text);
    assert.equal(repeat.headers.get('idempotent-body-mismatch'), 'true');
  });

  it('flags a key reused on another record\'s update as a different request', async () => {
    const headers = { 'idempotency-key': 'update-key' };
    const other = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Other' } } });
    await t.request({ path: `/v1/accounts/${s.accountId}`, json: { fields: { $name: 'Renamed' } }, headers });
    const reused = await t.request({ path: `/v1/accounts/${other.body.id}`, json: { fields: { $name: 'Renamed' } }, headers });
    assert.equal(reused.headers.get('idempotent-replayed'), 'true');
    assert.equal(reused.headers.get('idempotent-body-mismatch'), 'true');
  });

  it('lists a link from a record to itself once', async () => {
    await t.request({
      path: '/v1/accounts/definitions/relationships',
      json: { key: 'related', label: 'Related', cardinality: 'HAS_MANY', objectType: 'account', inverseKey: 'related-by', inverseLabel: 'Related by', inverseCardinality: 'HAS_MANY' },
    });
    const res = await t.request({ path: `/v1/accounts/${s.accountId}`, json: { relationships: { related: { add: s.accountId } } } });
    assert.deepEqual(res.body.relationships.related.values, [s.accountId]);
    assert.deepEqual(res.body.relationships['related-by'].values, [s.accountId]);
  });

  it('defaults an empty $createdBy to the key\'s member', async () => {
    const res = await t.request({ path: '/v1/opportunities', json: { fields: { $name: 'x', $stage: 'Demo' }, relationships: { $account: s.accountId, $createdBy: [] } } });
    assert.deepEqual(res.body.relationships.$createdBy.values, [s.memberId]);
  });

  it('accepts any offset up to 2^53 - 1', async () => {
    const res = await t.request({ path: '/v1/accounts?offset=1000000000' });
    assert.deepEqual([res.status, res.body.data], [200, []]);
  });

  it('refuses replace on note links as a malformed operation, before looking the ids up', async () => {
    const note = await t.request({ path: '/v1/notes', json: { fields: { $title: 'n' } } });
    const res = await t.request({ path: `/v1/notes/${note.body.id}`, json: { relationships: { $opportunity: { replace: 'opp_nope' } } } });
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'invalid_type', 'relationships.$opportunity.replace']);
  });

  it('keeps the options of derived fields out of admins\' hands', async () => {
    const res = await t.request({ path: '/v1/opportunities/definitions/fields/$opportunityStatus', json: { typeConfiguration: { options: ['Victory'] } } });
    assert.deepEqual([res.status, res.body.error.code], [400, 'invalid_configuration']);
  });
});
