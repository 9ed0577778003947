import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { page, signIn } from './browser.js';

describe('web trash page', () => {
  let t: TestServer;
  let cookie: string;
  const create = async (plural: string, json: unknown) => {
    const res = await t.request({ path: `/v1/${plural}`, json });
    assert.equal(res.status, 200, res.text);
    return res.body.id as string;
  };

  before(async () => {
    t = await startTestServer({});
    cookie = await signIn(t, t.key);
  });
  after(() => t.stop());

  it('lists deleted records with a Restore button that brings one back to its page', async () => {
    const account = await create('accounts', { fields: { $name: 'Gone <b>Co</b>' } });
    const kept = await create('accounts', { fields: { $name: 'Still here' } });
    assert.equal((await t.request({ method: 'DELETE', path: `/v1/accounts/${account}` })).status, 200);
    assert.equal((await page(t, `/crm/accounts/${account}`, { cookie })).status, 404, 'its page is gone while it is in the trash');

    const trash = await page(t, '/crm/trash', { cookie });
    assert.equal(trash.status, 200, trash.text);
    assert.match(trash.text, /1 deleted record; each is purged for good 30 days after it was deleted/);
    assert.match(trash.text, /Gone &lt;b&gt;Co&lt;\/b&gt;/);
    assert.ok(!trash.text.includes(kept), 'live records are not in the trash');
    assert.match(trash.text, new RegExp(`<form method="post" action="/crm/trash/${account}/restore"><input type="hidden" name="_csrf" value="[^"]+"><button type="submit">Restore</button></form>`));

    const elsewhere = await page(t, `/crm/trash/${account}/restore`, { cookie, method: 'POST', headers: { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' } });
    assert.equal(elsewhere.status, 403, 'a post another site made is refused');
    assert.equal((await t.request({ path: `/v1/accounts/${account}` })).status, 404, 'and restored nothing');

    const restored = await page(t, `/crm/trash/${account}/restore`, { cookie, method: 'POST', headers: { origin: t.url, 'sec-fetch-site': 'same-origin' } });
    assert.equal(restored.status, 303, restored.text);
    assert.equal(restored.headers.get('location'), `/crm/accounts/${account}`);
    assert.equal((await page(t, `/crm/accounts/${account}`, { cookie })).status, 200);
    assert.match((await page(t, '/crm/trash', { cookie })).text, /0 deleted records/);
  });

  it('shows a key only the types it reads, and restores only with the delete scope', async () => {
    const contact = await create('contacts', { fields: { $email: 'hidden@trash.test' } });
    const account = await create('accounts', { fields: { $name: 'Visible' } });
    for (const path of [`/v1/contacts/${contact}`, `/v1/accounts/${account}`]) assert.equal((await t.request({ method: 'DELETE', path })).status, 200);
    const reader = await signIn(t, (await t.createKey(['accounts:read'])).key);
    const trash = await page(t, '/crm/trash', { cookie: reader });
    assert.match(trash.text, /Visible/);
    assert.ok(!trash.text.includes('hidden@trash.test') && !trash.text.includes(contact), 'contacts are not this key’s to see');
    assert.ok(!trash.text.includes('<button type="submit">Restore'), 'no Restore without accounts:delete');
    assert.equal((await page(t, `/crm/trash/${account}/restore`, { cookie: reader, method: 'POST' })).status, 403);
    assert.equal((await page(t, `/crm/trash/${contact}/restore`, { cookie: reader, method: 'POST' })).status, 404);
    assert.equal((await page(t, '/crm/trash')).status, 302, 'signed out: to the sign-in page');
  });
});
