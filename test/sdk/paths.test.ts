import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Lightfield, { LightfieldError } from '@fieldhouse/sdk';

describe('SDK paths', () => {
  it("refuses an id that would change the path, before sending anything", () => {
    let sent = 0;
    const client = new Lightfield({ apiKey: 'sk_lf_x', baseURL: 'http://127.0.0.1:1', fetch: async () => (sent++, new Response('{}')) });
    for (const id of ['..', '.', '']) {
      assert.throws(() => client.account.retrieve(id), LightfieldError, JSON.stringify(id));
      assert.throws(() => client.opportunity.update(id, { fields: { $name: 'x' } }), LightfieldError, JSON.stringify(id));
    }
    assert.equal(sent, 0);
  });

  it('sends any other id percent-encoded inside its segment', async () => {
    const urls: string[] = [];
    const client = new Lightfield({
      apiKey: 'sk_lf_x',
      baseURL: 'http://127.0.0.1:1',
      maxRetries: 0,
      fetch: async (url) => (urls.push(String(url)), new Response(JSON.stringify({ id: 'acc_1' }), { headers: { 'content-type': 'application/json' } })),
    });
    await client.account.retrieve('../x?y#z');
    await client.account.retrieve('...');
    assert.deepEqual(urls, ['http://127.0.0.1:1/v1/accounts/..%2Fx%3Fy%23z', 'http://127.0.0.1:1/v1/accounts/...']);
  });
});
