import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

// startsWith is a range of the term index, [prefix, bound). The bound must sit above every term
// with the prefix, those where the last code point, U+10FFFF, follows it too.
describe('startsWith at the top of Unicode', () => {
  let t: TestServer;
  const TOP = '\u{10FFFF}';
  const NAMES = ['x', `x${TOP}`, `x${TOP}tail`, `x${TOP}${TOP}`, 'xa', 'y', `${TOP}`, `${TOP}${TOP}z`, '\u{D7FF}', `\u{D7FF}${TOP}`, '\u{E000}'];
  const byId = new Map<string, string>();

  const starting = async (prefix: string, sort = ''): Promise<string[]> => {
    const res = await t.request({ path: `/v1/accounts?%24name%5BstartsWith%5D=${encodeURIComponent(prefix)}${sort}` });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.totalCount, res.body.data.length);
    return res.body.data.map((r: { id: string }) => byId.get(r.id)!).sort();
  };
  const expected = (prefix: string) => NAMES.filter((name) => name.startsWith(prefix)).sort();

  before(async () => {
    t = await startTestServer();
    for (const name of NAMES) {
      const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: name } } });
      assert.equal(res.status, 200, res.text);
      byId.set(res.body.id, name);
    }
  });
  after(() => t.stop());

  it('finds the values where U+10FFFF follows the prefix', async () => {
    assert.deepEqual(await starting('x'), expected('x'));
    assert.ok((await starting('x')).includes(`x${TOP}tail`));
  });

  it('takes a prefix that ends in U+10FFFF, or is nothing but U+10FFFF', async () => {
    for (const prefix of [`x${TOP}`, `x${TOP}${TOP}`, TOP, `${TOP}${TOP}`]) assert.deepEqual(await starting(prefix), expected(prefix), JSON.stringify(prefix));
  });

  it('raises the bound past the surrogates: U+D7FF is followed by U+E000', async () => {
    assert.deepEqual(await starting('\u{D7FF}'), expected('\u{D7FF}'));
  });

  it('holds sorted by the field, and negated', async () => {
    assert.deepEqual(await starting('x', '&sort=%24name'), expected('x'));
    const res = await t.request({ path: `/v1/accounts?%24name%5B-startsWith%5D=x` });
    assert.equal(res.status, 200, res.text);
    const names = res.body.data.map((r: { id: string }) => byId.get(r.id)).sort();
    assert.deepEqual(names, NAMES.filter((name) => !name.startsWith('x')).sort());
  });
});
