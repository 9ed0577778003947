import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_FILTERS } from '../../src/domain/list-queries/parse-list-query.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Each filter is a set operation of one statement; SQLite refuses a compound SELECT past 500 terms,
// which once made 501 filters a 500. A list request takes at most MAX_FILTERS of them.
describe('the number of filters one list request takes', () => {
  let t: TestServer;
  let listId: string;
  const repeat = (n: number, filter: (i: number) => string) => Array.from({ length: n }, (_, i) => filter(i)).join('&');
  const refusal = (res: { status: number; body: any }) => [res.status, res.body?.error?.code, res.body?.error?.param];

  before(async () => {
    t = await startTestServer();
    const acme = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Acme' } } });
    assert.equal(acme.status, 200, acme.text);
    const list = await t.request({ path: '/v1/lists', json: { fields: { $name: 'Targets', $objectType: '$account' }, relationships: { $accounts: [acme.body.id] } } });
    assert.equal(list.status, 200, list.text);
    listId = list.body.id;
  });
  after(() => t.stop());

  it(`answers ${MAX_FILTERS} filters, repeats of one key and negated ones included`, async () => {
    assert.equal(MAX_FILTERS, 50);
    const res = await t.request({ path: `/v1/accounts?${repeat(MAX_FILTERS, () => '%24name%5Bequal%5D=acme')}` });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.totalCount, 1);
    const negated = await t.request({ path: `/v1/accounts?${repeat(MAX_FILTERS, (i) => `%24name%5B-equal%5D=other${i}`)}` });
    assert.equal(negated.status, 200, negated.text);
    assert.equal(negated.body.totalCount, 1);
  });

  it('refuses 501 equal filters with 400 invalid_filter naming the filter, not a database error', async () => {
    const res = await t.request({ path: `/v1/accounts?${repeat(501, () => '%24name%5Bequal%5D=acme')}` });
    assert.deepEqual(refusal(res), [400, 'invalid_filter', '$name[equal]']);
    assert.match(res.body.error.message, /at most 50 filters/);
    assert.match(res.body.error.message, /501/);
  });

  it('refuses 500 negated filters the same way', async () => {
    const res = await t.request({ path: `/v1/accounts?${repeat(500, (i) => `%24name%5B-equal%5D=other${i}`)}` });
    assert.deepEqual(refusal(res), [400, 'invalid_filter', '$name[-equal]']);
  });

  it('counts across keys and names the first filter past the bound', async () => {
    const query = `${repeat(MAX_FILTERS, () => '%24name%5BstartsWith%5D=a')}&%24website%5Bcontains%5D=acme&limit=5&sort=%24name`;
    const res = await t.request({ path: `/v1/accounts?${query}` });
    assert.deepEqual(refusal(res), [400, 'invalid_filter', '$website[contains]']);
  });

  it('refuses before parsing any filter: too many wins over a malformed one', async () => {
    const res = await t.request({ path: `/v1/accounts?bogus%5Bequal%5D=1&${repeat(MAX_FILTERS, () => '%24name=acme')}` });
    assert.deepEqual(refusal(res), [400, 'invalid_filter', '$name']);
  });

  it('bounds every list that takes filters: a list\'s members, meetings, custom objects', async () => {
    const members = await t.request({ path: `/v1/lists/${listId}/accounts?${repeat(MAX_FILTERS, () => '%24name=acme')}` });
    assert.equal(members.status, 200, members.text);
    assert.equal(members.body.totalCount, 1);
    const tooMany = await t.request({ path: `/v1/lists/${listId}/accounts?${repeat(501, () => '%24name=acme')}` });
    assert.deepEqual(refusal(tooMany), [400, 'invalid_filter', '$name']);
    const otherType = await t.request({ path: `/v1/lists/${listId}/contacts?${repeat(501, () => '%24email%5Bcontains%5D=a')}` });
    assert.deepEqual(refusal(otherType), [400, 'invalid_filter', '$email[contains]']);
    const meetings = await t.request({ path: `/v1/meetings?${repeat(501, () => '%24title=x')}` });
    assert.deepEqual(refusal(meetings), [400, 'invalid_filter', '$title']);
    const type = await t.request({ path: '/v1/objects', json: { slug: 'widgets', label: 'Widget' } });
    assert.equal(type.status, 200, type.text);
    const custom = await t.request({ path: `/v1/objects/widgets?${repeat(501, () => '%24name=x')}` });
    assert.deepEqual(refusal(custom), [400, 'invalid_filter', '$name']);
  });
});
