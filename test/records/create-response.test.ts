import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('the answer to a create', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('is what a retrieve of the record reads, relationship values in the same order', async () => {
    const contacts = [];
    for (let i = 0; i < 4; i++) contacts.push((await t.request({ path: '/v1/contacts', json: { fields: { $title: `c${i}` } } })).body.id as string);
    const given = [contacts[2]!, contacts[0]!, contacts[3]!, contacts[1]!];
    const created = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Order Co' }, relationships: { $contact: given } } });
    assert.equal(created.status, 200, created.text);
    const read = await t.request({ path: `/v1/accounts/${created.body.id}` });
    assert.deepEqual(created.body, read.body);
    assert.deepEqual([...created.body.relationships.$contact.values].sort(), [...given].sort());
  });
});
