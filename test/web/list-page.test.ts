import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { page, signIn } from './browser.js';

const EVIL_NAME = 'Acme <script>alert(1)</script> & "Co"';

describe('web list pages', () => {
  let t: TestServer;
  let cookie: string;
  let listId: string;
  let path: string;
  const accounts: string[] = [];
  const clock = manualClock();

  before(async () => {
    t = await startTestServer({ clock });
    for (let i = 0; i < 30; i++) {
      clock.advance(1000);
      const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: i === 29 ? EVIL_NAME : `Account ${String(i).padStart(2, '0')}` } } });
      assert.equal(res.status, 200, res.text);
      accounts.push(res.body.id);
    }
    const list = await t.request({ path: '/v1/lists', json: { fields: { $name: 'Targets <b>Q3</b>', $objectType: '$account' }, relationships: { $accounts: accounts.slice(0, 25) } } });
    assert.equal(list.status, 200, list.text);
    listId = list.body.id;
    path = new URL(list.body.httpLink).pathname;
    for (const id of accounts.slice(25)) {
      clock.advance(1000);
      assert.equal((await t.request({ path: `/v1/lists/${listId}`, json: { relationships: { $accounts: { add: id } } } })).status, 200);
    }
    cookie = await signIn(t, t.key);
  });
  after(() => t.stop());

  it('serves the httpLink: the list by name, its kind, and its members newest first, escaped, linked, paged', async () => {
    assert.equal(path, `/crm/lists/${listId}`);
    const res = await page(t, path, { cookie });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(res.text, /<h1>Targets &lt;b&gt;Q3&lt;\/b&gt;<\/h1>/);
    assert.match(res.text, /List of accounts/);
    assert.match(res.text, /<h2>30 members<\/h2>/);
    assert.ok(!res.text.includes('<script>'), 'names are escaped');
    const linked = [...res.text.matchAll(/<a href="\/crm\/accounts\/(acc_[^"]+)">/g)].map((m) => m[1]);
    // Added one by one after the 25 seeded together: the last added first.
    const expected = [...accounts.slice(25).reverse(), ...accounts.slice(0, 25).reverse()];
    assert.deepEqual(linked, expected.slice(0, 25));
    assert.match(res.text, /Acme &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;Co&quot;/);
    assert.match(res.text, new RegExp(`<a href="${path}\\?offset=25">Older</a>`));

    const older = await page(t, `${path}?offset=25`, { cookie });
    assert.equal(older.status, 200);
    assert.deepEqual([...older.text.matchAll(/<a href="\/crm\/accounts\/(acc_[^"]+)">/g)].map((m) => m[1]), expected.slice(25));
    assert.match(older.text, new RegExp(`<a href="${path}\\?offset=0">Newer</a>`));
    assert.ok(!older.text.includes('Older</a>'));
  });

  it('lists the lists; hides members from a key that cannot read their type; refuses a key without lists:read', async () => {
    const index = await page(t, '/crm/lists', { cookie });
    assert.equal(index.status, 200);
    assert.match(index.text, new RegExp(`<a href="${path}">Targets &lt;b&gt;Q3&lt;/b&gt;</a> <span class="empty">accounts</span>`));

    const listsOnly = await signIn(t, (await t.createKey(['lists:read'])).key);
    const hidden = await page(t, path, { cookie: listsOnly });
    assert.equal(hidden.status, 200);
    assert.match(hidden.text, /hidden: this key does not have the 'accounts:read' scope/);
    assert.ok(!hidden.text.includes('/crm/accounts/'), 'no member is shown');

    const accountsOnly = await signIn(t, (await t.createKey(['accounts:read'])).key);
    for (const p of [path, '/crm/lists']) {
      const refused = await page(t, p, { cookie: accountsOnly });
      assert.equal(refused.status, 403);
      assert.match(refused.text, /lists:read/);
    }
  });

  it('answers 404 for an unknown list, 400 for a bad offset, and sends a visitor without a session to sign in', async () => {
    const unknown = await page(t, '/crm/lists/lst_00000000000000000000000000', { cookie });
    assert.equal(unknown.status, 404);
    assert.equal((await page(t, `/crm/lists/${accounts[0]}`, { cookie })).status, 404, 'an account id is no list');
    assert.equal((await page(t, `${path}?offset=-1`, { cookie })).status, 400);
    const anonymous = await page(t, path);
    assert.equal(anonymous.status, 302);
    assert.equal(anonymous.headers.get('location'), `/login?next=${encodeURIComponent(path)}`);
  });
});
