import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const HTML_TYPE = 'text/html; charset=utf-8';

interface Browser {
  /** The Cookie header this browser sends. */
  cookie: string;
  /** The token of the last form it loaded ('' when the page had none). */
  token: string;
}

function cookiesOf(res: Response, before = ''): string {
  const jar = new Map(before.split(/;\s*/).filter(Boolean).map((pair) => [pair.split('=')[0]!, pair] as const));
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    jar.set(pair.split('=')[0]!, pair);
  }
  return [...jar.values()].join('; ');
}

const tokenIn = (page: string): string => /<input type="hidden" name="_csrf" value="([^"]+)">/.exec(page)?.[1] ?? '';

/** A browser that opened `path` (a page with a form): its cookies and the form's token. */
async function load(t: TestServer, path: string, browser: Browser = { cookie: '', token: '' }): Promise<Browser & { status: number; text: string }> {
  const res = await fetch(t.url + path, { headers: browser.cookie ? { cookie: browser.cookie } : {}, redirect: 'manual' });
  const text = await res.text();
  return { cookie: cookiesOf(res, browser.cookie), token: tokenIn(text), status: res.status, text };
}

/** Posts a form as `browser`, sending its token unless `form` says otherwise. */
async function post(t: TestServer, path: string, browser: Browser, form: Record<string, string>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams({ _csrf: browser.token, ...form });
  const res = await fetch(t.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(browser.cookie ? { cookie: browser.cookie } : {}), ...headers },
    body: body.toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), type: res.headers.get('content-type'), text: await res.text(), cookie: cookiesOf(res, browser.cookie), setCookies: res.headers.getSetCookie() };
}

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

describe('signing in safely', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer({});
  });
  after(() => t.stop());

  describe('a next that is not ASCII', () => {
    it('is percent-encoded into the Location, and the sign-in lands on that page', async () => {
      const browser = await load(t, '/login');
      const res = await post(t, '/login', browser, { key: t.key, next: '/crm/opportunities?stage=日本' }, SAME_ORIGIN);
      assert.equal(res.status, 303, res.text);
      assert.equal(res.location, '/crm/opportunities?stage=%E6%97%A5%E6%9C%AC');
      const landed = await load(t, res.location!, { cookie: res.cookie, token: '' });
      assert.equal(landed.status, 200, 'the board, signed in');
      assert.match(landed.text, /<h1>Pipeline<\/h1>/);
    });

    it('answers a path of non-ASCII with its encoding, never a 500', async () => {
      for (const [next, location] of [
        ['/日本', '/%E6%97%A5%E6%9C%AC'],
        ['/crm/lists#ü', '/crm/lists#%C3%BC'],
        ['/a b', '/a%20b'],
      ] as const) {
        const browser = await load(t, '/login');
        const res = await post(t, '/login', browser, { key: t.key, next }, SAME_ORIGIN);
        assert.equal(res.status, 303, `${next}: ${res.status} ${res.text}`);
        assert.equal(res.location, location);
      }
    });

    it('carries the encoded next in the sign-in form', async () => {
      const form = await load(t, `/login?next=${encodeURIComponent('/日本')}`);
      assert.equal(form.status, 200);
      assert.match(form.text, /<input type="hidden" name="next" value="\/%E6%97%A5%E6%9C%AC">/);
    });

    it('still sends foreign and look-alike paths to the landing page', async () => {
      for (const next of ['//evil.example/日本', '/\\evil.example', '/.//evil.example', '/a/..//evil.example', 'https://evil.example/', '/\u0001x']) {
        const browser = await load(t, '/login');
        const res = await post(t, '/login', browser, { key: t.key, next }, SAME_ORIGIN);
        assert.equal(res.status, 303, `${JSON.stringify(next)}: ${res.text}`);
        assert.equal(res.location, '/crm/opportunities', JSON.stringify(next));
      }
    });
  });

  describe('a sign-in another site sends', () => {
    it('gives the sign-in form a token and its secret an HttpOnly, SameSite=Lax cookie', async () => {
      const res = await fetch(`${t.url}/login`, { redirect: 'manual' });
      const text = await res.text();
      assert.match(text, /<input type="hidden" name="_csrf" value="[^"]{20,}">/);
      const secret = res.headers.getSetCookie().find((c) => c.startsWith('fieldhouse_csrf='));
      assert.ok(secret, `a secret cookie: ${res.headers.getSetCookie().join(' | ')}`);
      assert.match(secret, /; HttpOnly/);
      assert.match(secret, /; SameSite=Lax/);
      assert.match(secret, /; Path=\//);
    });

    it('is refused with 403 when the browser says it comes from another site', async () => {
      const senders: Array<Record<string, string>> = [
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
        { 'sec-fetch-site': 'same-site', origin: 'https://sub.evil.example' },
        { origin: 'https://evil.example' },
        { origin: 'null' },
      ];
      for (const headers of senders) {
        const browser = await load(t, '/login');
        const res = await post(t, '/login', browser, { key: t.key, next: '/crm/opportunities' }, headers);
        assert.equal(res.status, 403, `${JSON.stringify(headers)}: ${res.status} ${res.location}`);
        assert.equal(res.type, HTML_TYPE);
        assert.match(res.text, /<h1>Not allowed<\/h1><p>This form can only be sent from this site\.<\/p>/);
        assert.ok(!res.setCookies.some((c) => c.startsWith('fieldhouse_session=')), 'no session is opened');
      }
    });

    it('is refused with 403 without the token of this browser, even when it claims to be same-origin', async () => {
      const mine = await load(t, '/login');
      const theirs = await load(t, '/login');
      for (const [what, browser] of [
        ['no token, no secret', { cookie: '', token: '' }],
        ['no token', { cookie: mine.cookie, token: '' }],
        ['a token without its secret', { cookie: '', token: mine.token }],
        ["another browser's token", { cookie: mine.cookie, token: theirs.token }],
        ['a forged token', { cookie: mine.cookie, token: 'x'.repeat(mine.token.length || 40) }],
      ] as const) {
        for (const headers of [{}, SAME_ORIGIN]) {
          const res = await post(t, '/login', browser, { key: t.key, next: '/crm/opportunities' }, headers);
          assert.equal(res.status, 403, `${what} ${JSON.stringify(headers)}: ${res.status} ${res.location}`);
          assert.equal(res.type, HTML_TYPE);
          assert.match(res.text, /<h1>Not allowed<\/h1><p>This form has expired or was not sent from this site\./);
          assert.ok(!res.setCookies.some((c) => c.startsWith('fieldhouse_session=')), 'no session is opened');
        }
      }
    });

    it('signs in from this site with the token, and a wrong key gets a fresh form with a token', async () => {
      const browser = await load(t, '/login');
      const wrong = await post(t, '/login', browser, { key: 'sk_lf_wrong', next: '/crm/lists' }, SAME_ORIGIN);
      assert.equal(wrong.status, 401);
      const again = { cookie: wrong.cookie, token: tokenIn(wrong.text) };
      assert.ok(again.token !== '', 'the form shown again carries a token');
      const res = await post(t, '/login', again, { key: t.key, next: '/crm/lists' }, { 'sec-fetch-site': 'same-origin', origin: t.url });
      assert.equal(res.status, 303, res.text);
      assert.equal(res.location, '/crm/lists');
      assert.ok(res.setCookies.some((c) => c.startsWith('fieldhouse_session=')));
    });
  });

  describe('the other forms', () => {
    const signIn = async (): Promise<Browser> => {
      const browser = await load(t, '/login');
      const res = await post(t, '/login', browser, { key: t.key, next: '/crm/trash' }, SAME_ORIGIN);
      assert.equal(res.status, 303, res.text);
      return { cookie: res.cookie, token: '' };
    };

    it('signs out only with the token of the page', async () => {
      const signedIn = await signIn();
      const board = await load(t, '/crm/opportunities', signedIn);
      assert.equal(board.status, 200);
      assert.match(board.text, /<form method="post" action="\/logout"><input type="hidden" name="_csrf" value="[^"]+"><button type="submit">Sign out<\/button><\/form>/);
      const forged = await post(t, '/logout', { cookie: board.cookie, token: '' }, {}, SAME_ORIGIN);
      assert.equal(forged.status, 403);
      assert.equal((await load(t, '/crm/opportunities', signedIn)).status, 200, 'still signed in');
      const elsewhere = await post(t, '/logout', board, {}, { 'sec-fetch-site': 'cross-site' });
      assert.equal(elsewhere.status, 403);
      const out = await post(t, '/logout', board, {}, SAME_ORIGIN);
      assert.equal(out.status, 303);
      assert.equal(out.location, '/login');
      assert.equal((await load(t, '/crm/opportunities', signedIn)).status, 302, 'signed out');
    });

    it('restores from the trash only with the token of the page', async () => {
      const created = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Binned' } } });
      assert.equal(created.status, 200, created.text);
      const id = created.body.id as string;
      assert.equal((await t.request({ method: 'DELETE', path: `/v1/accounts/${id}` })).status, 200);
      const trash = await load(t, '/crm/trash', await signIn());
      assert.match(trash.text, new RegExp(`<form method="post" action="/crm/trash/${id}/restore"><input type="hidden" name="_csrf" value="[^"]+"><button type="submit">Restore</button></form>`));

      const forged = await post(t, `/crm/trash/${id}/restore`, { cookie: trash.cookie, token: '' }, {}, SAME_ORIGIN);
      assert.equal(forged.status, 403);
      assert.equal(forged.type, HTML_TYPE);
      assert.equal((await t.request({ path: `/v1/accounts/${id}` })).status, 404, 'nothing was restored');

      const restored = await post(t, `/crm/trash/${id}/restore`, trash, {}, SAME_ORIGIN);
      assert.equal(restored.status, 303, restored.text);
      assert.equal(restored.location, `/crm/accounts/${id}`);
      assert.equal((await t.request({ path: `/v1/accounts/${id}` })).status, 200);
    });
  });
});
