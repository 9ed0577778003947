import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedBasics, storeCounts, type Seeded } from './helpers.js';

interface Rejection {
  name: string;
  path: (s: Seeded) => string;
  body: (s: Seeded) => unknown;
  status: number;
  code: string | undefined;
  param: string | undefined;
  message?: RegExp;
}

const create = (path: string) => () => path;
const update = (pick: (s: Seeded) => string, plural: string) => (s: Seeded) => `/v1/${plural}/${pick(s)}`;
const opp = (fields: object, relationships?: (s: Seeded) => object) => (s: Seeded) => ({
  fields: { $name: 'Deal', $stage: 'Demo', ...fields },
  relationships: relationships ? relationships(s) : { $account: s.accountId },
});

// One row per rule of api-conventions.md and value-types.md that applies to these types, in the spec's order.
const REJECTIONS: Rejection[] = [
  { name: 'unknown top-level key', path: create('/v1/accounts'), body: () => ({ fields: { $name: 'x' }, bogus: 1 }), status: 400, code: 'unknown_field', param: 'bogus' },
  { name: 'body not an object', path: create('/v1/accounts'), body: () => ['x'], status: 400, code: 'invalid_type', param: 'body' },
  { name: 'fields not an object', path: create('/v1/accounts'), body: () => ({ fields: 'Acme' }), status: 400, code: 'invalid_type', param: 'fields' },
  { name: 'relationships not an object', path: create('/v1/accounts'), body: () => ({ fields: { $name: 'x' }, relationships: [] }), status: 400, code: 'invalid_type', param: 'relationships' },
  { name: 'relationship value not an id', path: create('/v1/opportunities'), body: opp({}, () => ({ $account: 5 })), status: 400, code: 'invalid_type', param: 'relationships.$account' },
  { name: 'relationship array with a non-string', path: create('/v1/opportunities'), body: opp({}, (s) => ({ $account: [s.accountId, 1] })), status: 400, code: 'invalid_type', param: 'relationships.$account' },
  { name: 'update relationship not an operation object', path: update((s) => s.opportunityId, 'opportunities'), body: (s) => ({ relationships: { $owner: s.memberId } }), status: 400, code: 'invalid_type', param: 'relationships.$owner' },
  { name: 'unknown field', path: create('/v1/accounts'), body: () => ({ fields: { $name: 'x', bogus: 1 } }), status: 400, code: 'unknown_field', param: 'fields.bogus', message: /Unrecognized field 'bogus' for 'accounts'\./ },
  { name: 'unknown relationship', path: create('/v1/accounts'), body: () => ({ fields: { $name: 'x' }, relationships: { $boss: 'x' } }), status: 400, code: 'unknown_relationship', param: 'relationships.$boss' },
  { name: 'missing $name', path: create('/v1/opportunities'), body: (s) => ({ fields: { $stage: 'Demo' }, relationships: { $account: s.accountId } }), status: 400, code: 'parameter_missing', param: 'fields.$name' },
  { name: 'null $stage', path: create('/v1/opportunities'), body: opp({ $stage: null }), status: 400, code: 'parameter_missing', param: 'fields.$stage' },
  { name: 'missing $account', path: create('/v1/opportunities'), body: opp({}, () => ({})), status: 400, code: 'parameter_missing', param: 'relationships.$account' },
  { name: 'missing account $name', path: create('/v1/accounts'), body: () => ({ fields: {} }), status: 400, code: 'parameter_missing', param: 'fields.$name' },
  { name: 'wrong JSON type for TEXT', path: create('/v1/opportunities'), body: opp({ $name: 42 }), status: 400, code: 'invalid_type', param: 'fields.$name' },
  { name: 'wrong JSON type for CURRENCY', path: create('/v1/opportunities'), body: opp({ $amount: '1000' }), status: 400, code: 'invalid_type', param: 'fields.$amount' },
  { name: 'array for a single select', path: create('/v1/opportunities'), body: opp({ $stage: ['Demo'] }), status: 400, code: 'invalid_type', param: 'fields.$stage' },
  { name: 'wrong type wins over read-only', path: create('/v1/opportunities'), body: opp({ $summary: 5 }), status: 400, code: 'invalid_type', param: 'fields.$summary' },
  { name: 'read-only $opportunityStatus', path: create('/v1/opportunities'), body: opp({ $opportunityStatus: 'Won' }), status: 422, code: 'read_only', param: 'fields.$opportunityStatus' },
  { name: 'read-only $task names the way', path: create('/v1/opportunities'), body: opp({}, (s) => ({ $account: s.accountId, $task: 'tsk_1' })), status: 422, code: 'read_only', param: 'relationships.$task', message: /task\.\$opportunity/ },
  { name: 'read-only $note', path: update((s) => s.opportunityId, 'opportunities'), body: () => ({ relationships: { $note: { add: 'nte_1' } } }), status: 422, code: 'read_only', param: 'relationships.$note' },
  { name: 'read-only account $opportunity', path: update((s) => s.accountId, 'accounts'), body: (s) => ({ relationships: { $opportunity: { add: s.opportunityId } } }), status: 422, code: 'read_only', param: 'relationships.$opportunity', message: /opportunity\.\$account/ },
  { name: 'create-only $createdBy on update', path: update((s) => s.opportunityId, 'opportunities'), body: (s) => ({ relationships: { $createdBy: { replace: s.memberId } } }), status: 422, code: 'read_only', param: 'relationships.$createdBy' },
  { name: 'unknown stage option', path: create('/v1/opportunities'), body: opp({ $stage: 'Won-ish' }), status: 422, code: 'invalid_option', param: 'fields.$stage', message: /Prospecting/ },
  { name: 'bad email', path: create('/v1/contacts'), body: () => ({ fields: { $email: 'not-an-email' } }), status: 422, code: 'invalid_value', param: 'fields.$email' },
  { name: 'bad phone', path: create('/v1/contacts'), body: () => ({ fields: { $phone: '12' } }), status: 422, code: 'invalid_value', param: 'fields.$phone' },
  { name: 'bad URL', path: create('/v1/accounts'), body: () => ({ fields: { $name: 'x', $website: 'ftp://acme.com' } }), status: 422, code: 'invalid_value', param: 'fields.$website' },
  { name: 'country not 2 letters', path: create('/v1/accounts'), body: () => ({ fields: { $name: 'x', $primaryAddress: { country: 'USA' } } }), status: 422, code: 'invalid_value', param: 'fields.$primaryAddress.country' },
  { name: 'empty $name on create counts as missing', path: create('/v1/accounts'), body: () => ({ fields: { $name: '' } }), status: 400, code: 'parameter_missing', param: 'fields.$name' },
  { name: 'relationship id that does not exist', path: create('/v1/opportunities'), body: opp({}, () => ({ $account: 'acc_01JD8X3Q9Z4K7M2N5P6R8S0T1V' })), status: 400, code: 'relationship_entity_missing', param: 'relationships.$account' },
  { name: 'relationship id of the wrong type', path: create('/v1/opportunities'), body: opp({}, (s) => ({ $account: s.contactId })), status: 400, code: 'relationship_entity_missing', param: 'relationships.$account' },
  { name: 'two ids for HAS_ONE', path: create('/v1/opportunities'), body: opp({}, (s) => ({ $account: s.accountId, $champion: [s.contactId, s.secondContactId] })), status: 400, code: 'invalid_type', param: 'relationships.$champion' },
  { name: 'required relationship cleared', path: update((s) => s.opportunityId, 'opportunities'), body: () => ({ relationships: { $account: { replace: null } } }), status: 422, code: 'invalid_value', param: 'relationships.$account' },
  { name: 'required field cleared', path: update((s) => s.opportunityId, 'opportunities'), body: () => ({ fields: { $name: null } }), status: 422, code: 'invalid_value', param: 'fields.$name' },
  { name: 'more than 25 ids', path: update((s) => s.accountId, 'accounts'), body: () => ({ relationships: { $contact: { remove: Array.from({ length: 26 }, (_, i) => `con_${i}`) } } }), status: 422, code: 'relationship_write_limit_exceeded', param: 'relationships.$contact' },
  { name: 'first failing key in body order wins', path: create('/v1/opportunities'), body: opp({ $amount: 'x', $closeDate: true }), status: 400, code: 'invalid_type', param: 'fields.$amount' },
  { name: 'unknown id', path: () => '/v1/opportunities/opp_01JD8X3Q9Z4K7M2N5P6R8S0T1V', body: () => ({ fields: { $name: 'x' } }), status: 404, code: undefined, param: undefined, message: /No resource found in 'opportunities' with the given ID\./ },
];

describe('every rejection rule, and nothing written', () => {
  let t: TestServer;
  let seeded: Seeded;
  before(async () => {
    t = await startTestServer();
    seeded = await seedBasics(t);
  });
  after(() => t.stop());

  for (const r of REJECTIONS) {
    it(`${r.name} → ${r.status} ${r.code ?? ''} ${r.param ?? ''}`, async () => {
      const before = await storeCounts(t);
      const res = await t.request({ path: r.path(seeded), json: r.body(seeded) });
      assert.equal(res.status, r.status, res.text);
      assert.equal(res.body.error.code, r.code);
      assert.equal(res.body.error.param, r.param);
      if (r.message) assert.match(res.body.error.message, r.message);
      assert.deepEqual(await storeCounts(t), before, 'the store is unchanged');
    });
  }

  it('re-adding the HAS_ONE id already set is a no-op that changes nothing', async () => {
    const before = await storeCounts(t);
    const res = await t.request({ path: `/v1/opportunities/${seeded.opportunityId}`, json: { relationships: { $account: { add: seeded.accountId } } } });
    assert.equal(res.status, 200);
    assert.deepEqual(await storeCounts(t), before);
  });

  it('adding a second id to a set HAS_ONE is 400 invalid_type', async () => {
    const other = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Other' } } });
    const before = await storeCounts(t);
    const res = await t.request({ path: `/v1/opportunities/${seeded.opportunityId}`, json: { relationships: { $account: { add: other.body.id } } } });
    assert.equal(res.status, 400);
    assert.deepEqual([res.body.error.code, res.body.error.param], ['invalid_type', 'relationships.$account']);
    assert.deepEqual(await storeCounts(t), before);
  });

  it('a record of another organization is a 404 for reads and writes', async () => {
    const other = await t.addOrganization('Elsewhere');
    const read = await t.request({ path: `/v1/accounts/${seeded.accountId}`, key: other.key });
    assert.equal(read.status, 404);
    const write = await t.request({ path: `/v1/accounts/${seeded.accountId}`, key: other.key, json: { fields: { $name: 'stolen' } } });
    assert.equal(write.status, 404);
    const link = await t.request({
      path: '/v1/opportunities',
      key: other.key,
      json: { fields: { $name: 'x', $stage: 'Demo' }, relationships: { $account: seeded.accountId } },
    });
    assert.deepEqual([link.status, link.body.error.code], [400, 'relationship_entity_missing']);
  });
});
