import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { storeCounts } from './helpers.js';

/**
 * A relationship whose other end holds only one value, already taken, is a relationship check
 * (api-conventions.md, step 9): it is answered before a uniqueness conflict, which only writing
 * can find, on create and update alike.
 */
describe('a relationship check before a uniqueness conflict', () => {
  let t: TestServer;
  let deskId: string;
  before(async () => {
    t = await startTestServer();
    await t.request({ path: '/v1/objects', json: { slug: 'desk', label: 'Desk' } });
    const rel = await t.request({
      path: '/v1/contacts/definitions/relationships',
      json: { key: 'desk', label: 'Desk', cardinality: 'HAS_ONE', objectType: 'desk', inverseKey: 'occupant', inverseLabel: 'Occupant', inverseCardinality: 'HAS_ONE' },
    });
    assert.equal(rel.status, 200, rel.text);
    deskId = (await t.request({ path: '/v1/objects/desk/values', json: { fields: { $name: 'D1' } } })).body.id;
    const first = await t.request({ path: '/v1/contacts', json: { fields: { $email: 'taken@example.com' }, relationships: { desk: deskId } } });
    assert.equal(first.status, 200, first.text);
  });
  after(() => t.stop());

  it('on create: 400 naming the relationship, nothing written', async () => {
    const counts = await storeCounts(t);
    const res = await t.request({ path: '/v1/contacts', json: { fields: { $email: 'taken@example.com' }, relationships: { desk: deskId } } });
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'invalid_type', 'relationships.desk'], res.text);
    assert.deepEqual(await storeCounts(t), counts);
  });

  it('on update: the same answer, nothing written', async () => {
    const other = await t.request({ path: '/v1/contacts', json: { fields: { $email: 'free@example.com' } } });
    const counts = await storeCounts(t);
    const res = await t.request({ path: `/v1/contacts/${other.body.id}`, json: { fields: { $email: 'taken@example.com' }, relationships: { desk: { replace: deskId } } } });
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'invalid_type', 'relationships.desk'], res.text);
    assert.deepEqual(await storeCounts(t), counts);
  });

  it('without the relationship, the conflict is the answer', async () => {
    const res = await t.request({ path: '/v1/contacts', json: { fields: { $email: 'taken@example.com' } } });
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [409, 'unique_violation', 'fields.$email'], res.text);
  });
});
