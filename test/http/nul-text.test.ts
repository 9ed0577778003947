import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TEST_ENGINE } from '../helpers/test-database.js';

// PostgreSQL text cannot hold U+0000; both engines refuse it the same way, writing nothing.
describe(`U+0000 in a request (${TEST_ENGINE})`, () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  const refused = (res: { status: number; body: any }, param: string, [status, type, code] = [422, 'unprocessable_content', 'invalid_value']) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.deepEqual([res.body.error.type, res.body.error.code, res.body.error.param], [type, code, param]);
    assert.match(res.body.error.message, /NUL character/);
  };

  it('is refused in a field value, a list item and a key, and nothing is written, not even the idempotency key', async () => {
    const headers = { 'idempotency-key': 'nul-body' };
    refused(await t.request({ path: '/v1/accounts', json: { fields: { $name: 'a\u0000b' } }, headers }), 'fields.$name');
    refused(await t.request({ path: '/v1/contacts', json: { fields: { $email: ['ok@x.test', 'b\u0000@x.test'] } } }), 'fields.$email.1');
    refused(await t.request({ path: '/v1/accounts', json: { fields: { 'x\u0000': 'y' } } }), 'fields.x\\u0000');
    assert.equal((await t.request({ path: '/v1/accounts' })).body.totalCount, 0);
    assert.equal((await t.request({ path: '/v1/contacts' })).body.totalCount, 0);
    // The key was never claimed: a good body with it now runs.
    const ok = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'ab' } }, headers });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('idempotent-replayed'), null);
  });

  it('is refused in a filter value, and names nothing as an id', async () => {
    refused(await t.request({ path: '/v1/accounts?%24name=a%00' }), '$name', [400, 'bad_request', 'invalid_filter']);
    const missing = await t.request({ path: '/v1/accounts/acc_%00' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.type, 'not_found');
  });
});
