import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey, revokeKey } from '../../src/domain/access/api-keys.js';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { page, signIn } from './browser.js';

const HTML_TYPE = 'text/html; charset=utf-8';
const EVIL_NAME = 'Acme <script>alert(1)</script> & "Co"';

describe('web record pages', () => {
  let t: TestServer;
  let cookie: string;
  let accountId: string;
  let opportunityId: string;
  let memberId: string;
  let demoId: string;
  let contactId: string;
  before(async () => {
    t = await startTestServer();
    const defs = await t.request({ path: '/v1/opportunities/definitions' });
    demoId = defs.body.fieldDefinitions.$stage.typeConfiguration.options.find((o: { label: string }) => o.label === 'Demo').id;
    const address = { street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'us' };
    const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: EVIL_NAME, $website: ['acme.com'], $primaryAddress: address } } });
    assert.equal(account.status, 200, account.text);
    accountId = account.body.id;
    const contact = await t.request({
      path: '/v1/contacts',
      json: { fields: { $name: { firstName: 'Ada', lastName: 'Lovelace' }, $email: 'ada@acme.com' }, relationships: { $account: accountId } },
    });
    assert.equal(contact.status, 200, contact.text);
    contactId = contact.body.id;
    const opportunity = await t.request({
      path: '/v1/opportunities',
      json: { fields: { $name: 'Acme expansion', $stage: 'Demo', $amount: 50000, $closeDate: '2026-12-31' }, relationships: { $account: accountId, $champion: contactId } },
    });
    assert.equal(opportunity.status, 200, opportunity.text);
    opportunityId = opportunity.body.id;
    memberId = opportunity.body.relationships.$createdBy.values[0];
  });
  after(() => t.stop());

  it('sends a page without a session to the sign-in form, with the path in next', async () => {
    const res = await page(t, `/crm/opportunities/${opportunityId}`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `/login?next=%2Fcrm%2Fopportunities%2F${opportunityId}`);
    const form = await page(t, `/login?next=${encodeURIComponent(`/crm/opportunities/${opportunityId}`)}`);
    assert.equal(form.status, 200);
    assert.equal(form.headers.get('content-type'), HTML_TYPE);
    assert.match(form.text, /<input type="password"[^>]* name="key"/);
    assert.match(form.text, new RegExp(`<input type="hidden" name="next" value="/crm/opportunities/${opportunityId}">`));
  });

  it('refuses a wrong key with 401 and no cookie', async () => {
    for (const key of ['sk_lf_wrong', '']) {
      const res = await page(t, '/login', { form: { key, next: '/crm/accounts' } });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('content-type'), HTML_TYPE);
      assert.equal(res.headers.get('set-cookie'), null);
      assert.match(res.text, /not valid/);
      assert.match(res.text, /<input type="hidden" name="next" value="\/crm\/accounts">/, 'next survives a failed attempt');
    }
  });

  it('signs in with a key: an HttpOnly, SameSite=Lax session cookie and a 303 to next', async () => {
    const next = `/crm/opportunities/${opportunityId}`;
    const res = await page(t, '/login', { form: { key: t.key, next } });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), next);
    const setCookie = res.headers.getSetCookie()[0] ?? '';
    assert.match(setCookie, /^fieldhouse_session=[A-Za-z0-9_-]{43};/);
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Lax/);
    assert.match(setCookie, /; Path=\//);
    cookie = setCookie.split(';')[0] ?? '';
    const token = cookie.split('=')[1];
    const stored = await t.server.storage.db.selectFrom('web_sessions').select('token_hash').execute();
    assert.ok(stored.length > 0 && stored.every((s) => s.token_hash !== token && /^[0-9a-f]{64}$/.test(s.token_hash)), 'only the hash is stored');
  });

  it('shows an opportunity as a person reads it', async () => {
    const res = await page(t, `/crm/opportunities/${opportunityId}`, { cookie });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), HTML_TYPE);
    assert.match(res.text, /<h1>Acme expansion<\/h1>/);
    assert.match(res.text, /<th scope="row">Stage<\/th><td>Demo<\/td>/);
    assert.ok(!res.text.includes(demoId), 'the option id is not shown');
    assert.ok(!/opt_/.test(res.text), 'no option id at all');
    assert.match(res.text, /<th scope="row">Amount<\/th><td>\$50,000\.00<\/td>/);
    assert.match(res.text, /<th scope="row">Close date<\/th><td><time datetime="2026-12-31T00:00:00.000Z">2026-12-31<\/time><\/td>/);
    assert.match(res.text, /<th scope="row">Summary<\/th><td><span class="empty">—<\/span><\/td>/);
    const escaped = 'Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;';
    assert.ok(res.text.includes(`<a href="/crm/accounts/${accountId}">${escaped}</a>`), 'the account is a link showing its name');
    assert.ok(!res.text.includes('<script>'), 'nothing unescaped');
    assert.ok(res.text.includes(`<a href="/crm/members/${memberId}">Admin User</a>`), 'members are linked by full name');
    assert.ok(res.text.includes(`<a href="/crm/contacts/${contactId}">Ada Lovelace</a>`), 'contacts are linked by full name');
  });

  it('shows the account with its opportunity as a link, and the member page', async () => {
    const res = await page(t, `/crm/accounts/${accountId}`, { cookie });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.text.includes(`<h1>Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;</h1>`));
    assert.ok(res.text.includes(`<a href="/crm/opportunities/${opportunityId}">Acme expansion</a>`));
    assert.ok(res.text.includes('<a href="https://acme.com" rel="noopener noreferrer">https://acme.com</a>'));
    assert.match(res.text, /<th scope="row">Account status<\/th><td>In pipeline<\/td>/);
    assert.match(res.text, /<th scope="row">Primary address<\/th><td>1 Main St, Springfield, IL 62701, US<\/td>/);
    assert.ok(res.text.includes(`<a href="/crm/contacts/${contactId}">Ada Lovelace</a>`));
    const contact = await page(t, `/crm/contacts/${contactId}`, { cookie });
    assert.equal(contact.status, 200, contact.text);
    assert.match(contact.text, /<h1>Ada Lovelace<\/h1>/);
    assert.match(contact.text, /<th scope="row">Name<\/th><td>Ada Lovelace<\/td>/);
    const member = await page(t, `/crm/members/${memberId}`, { cookie });
    assert.equal(member.status, 200, member.text);
    assert.match(member.text, /<h1>Admin User<\/h1>/);
    assert.match(member.text, /<a href="mailto:admin@fieldhouse.local">/);
  });

  it('answers 404 for another organization\'s record, an unknown id and an unknown kind', async () => {
    const other = await t.addOrganization('Globex');
    const theirs = await t.request({ path: '/v1/accounts', key: other.key, json: { fields: { $name: 'Globex secret' } } });
    assert.equal(theirs.status, 200, theirs.text);
    const theirCookie = await signIn(t, other.key);
    assert.equal((await page(t, `/crm/accounts/${theirs.body.id}`, { cookie: theirCookie })).status, 200);
    for (const path of [`/crm/accounts/${theirs.body.id}`, '/crm/accounts/acc_01JUNKJUNKJUNKJUNKJUNKJUNK', `/crm/opportunities/${accountId}`, `/crm/widgets/${accountId}`]) {
      const res = await page(t, path, { cookie });
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('content-type'), HTML_TYPE);
      assert.ok(!res.text.includes('Globex'), 'nothing of the other organization');
    }
  });

  it('refuses a page the key has no read scope for, and hides names it may not read', async () => {
    const members = await t.request({ path: '/v1/members' });
    const { plaintext } = await createApiKey(t.server.storage.db, {
      organizationId: t.organizationId, memberId: members.body.data[0].id, name: 'accounts only', scopes: ['accounts:read'], now: new Date(),
    });
    const scoped = await signIn(t, plaintext);
    assert.equal((await page(t, `/crm/opportunities/${opportunityId}`, { cookie: scoped })).status, 403);
    const account = await page(t, `/crm/accounts/${accountId}`, { cookie: scoped });
    assert.equal(account.status, 200);
    assert.ok(account.text.includes(`<a href="/crm/opportunities/${opportunityId}">${opportunityId}</a>`));
  });

  it('sends sign-ins with a foreign next to a local page', async () => {
    for (const next of ['//evil.example', 'https://evil.example/', '/\\evil.example', 'evil.example', '']) {
      const res = await page(t, '/login', { form: { key: t.key, next } });
      assert.equal(res.status, 303);
      const location = res.headers.get('location') ?? '';
      assert.ok(location.startsWith('/') && !location.startsWith('//') && !location.includes('evil'), `${next} → ${location}`);
    }
  });

  it('keeps /v1 refusing form bodies with 415', async () => {
    const res = await t.request({
      path: '/v1/accounts', method: 'POST', rawBody: 'fields=x', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 415);
    assert.equal(res.body.error.type, 'unsupported_media_type');
  });

  it('ends the session on sign-out, and at once when its key is revoked', async () => {
    const leaving = await signIn(t, t.key);
    const out = await page(t, '/logout', { method: 'POST', cookie: leaving });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/login');
    assert.match(out.headers.getSetCookie()[0] ?? '', /^fieldhouse_session=;/);
    assert.equal((await page(t, `/crm/accounts/${accountId}`, { cookie: leaving })).status, 302, 'the old cookie opens nothing');

    const members = await t.request({ path: '/v1/members' });
    const { key, plaintext } = await createApiKey(t.server.storage.db, {
      organizationId: t.organizationId, memberId: members.body.data[0].id, name: 'to revoke', scopes: [], now: new Date(),
    });
    const session = await signIn(t, plaintext);
    const path = `/crm/opportunities/${opportunityId}`;
    assert.equal((await page(t, path, { cookie: session })).status, 200);
    await revokeKey(t.server.storage.db, key.id, new Date());
    const res = await page(t, path, { cookie: session });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `/login?next=${encodeURIComponent(path)}`);
  });
});

describe('web sessions expire', () => {
  it('after 12 hours', async () => {
    const clock = manualClock();
    const t = await startTestServer({ clock });
    try {
      const account = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Initech' } } });
      const cookie = await signIn(t, t.key);
      const path = `/crm/accounts/${account.body.id}`;
      clock.advance(12 * 60 * 60 * 1000 - 1000);
      assert.equal((await page(t, path, { cookie })).status, 200);
      clock.advance(1000);
      assert.equal((await page(t, path, { cookie })).status, 302);
    } finally {
      await t.stop();
    }
  });
});
