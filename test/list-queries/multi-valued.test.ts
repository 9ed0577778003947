import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('a filter that several values of one record meet', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('lists and counts the record once', async () => {
    const both = await t.request({ path: '/v1/contacts', json: { fields: { $email: ['one@dup.io', 'two@dup.io'] } } });
    assert.equal(both.status, 200, both.text);
    await t.request({ path: '/v1/contacts', json: { fields: { $email: ['other@elsewhere.io'] } } });
    for (const query of ['$email[contains]=dup.io', '$email[contains]=dup.io&sort=-createdAt', '$email[contains]=.io&$email[-contains]=elsewhere']) {
      const list = await t.request({ path: `/v1/contacts?${query}` });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.data.map((c: { id: string }) => c.id), [both.body.id], query);
      assert.equal(list.body.totalCount, 1, query);
    }
  });
});
