import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { assertConforms } from '../helpers/conformance.js';
import { connectRaw } from '../helpers/raw-http.js';
import { API_VERSION, startTestServer, type TestServer } from '../helpers/server.js';
import { widgetRoutes } from '../helpers/widget-routes.js';
import { formToken } from '../web/browser.js';

// Whatever arrives, the answer is never a 500 and every error is the one envelope.
describe('arbitrary requests', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ routes: [widgetRoutes().routes], rateLimit: 0 });
  });
  after(() => t.stop());

  const segment = fc.oneof(
    fc.constantFrom('v1', 'auth', 'validate', 'widgets', 'opportunities', '%', '%2F', '..', '%00', 'ü', '{id}', ''),
    fc.string({ maxLength: 8 }).map(encodeURIComponent),
  );
  const path = fc.oneof(
    fc.constantFrom('/v1/auth/validate', '/v1/widgets', '/v1/widgets/rec_1', '/healthz'),
    fc.array(segment, { maxLength: 4 }).map((s) => `/v1/${s.join('/')}`),
  ).chain((p) => fc.constantFrom(p, `${p}?limit=%`, `${p}?a[b]=c&a[b]=d`, `${p}?%`));
  const request = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
    path,
    auth: fc.constantFrom('valid', 'none', 'garbage', 'basic'),
    version: fc.constantFrom(API_VERSION, undefined, 'v1', ''),
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/octet-stream', undefined),
    body: fc.oneof(fc.constant(undefined), fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ name: v }))),
    idempotencyKey: fc.option(fc.string({ maxLength: 300 }).filter((s) => /^[\x21-\x7e]*$/.test(s)), { nil: undefined }),
  });

  it('never answers 500, and answers every error in the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.auth === 'valid') headers.authorization = `Bearer ${t.key}`;
        if (r.auth === 'garbage') headers.authorization = 'Bearer \u0001nonsense';
        if (r.auth === 'basic') headers.authorization = 'Basic Zm9vOmJhcg==';
        if (r.version !== undefined) headers['lightfield-version'] = r.version;
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        if (r.idempotencyKey !== undefined && r.idempotencyKey !== '') headers['idempotency-key'] = r.idempotencyKey;
        const sendsBody = r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD';
        const res = await fetch(t.url + r.path, { method: r.method, headers, body: sendsBody ? r.body : undefined }).catch((err: unknown) => {
          // fetch itself refuses a few header values (e.g. control characters): nothing was sent.
          if (err instanceof TypeError) return undefined;
          throw err;
        });
        if (!res) return;
        const text = await res.text();
        assert.notEqual(res.status, 500, `${r.method} ${r.path} → 500 ${text}`);
        assert.ok(res.status < 500 || res.status === 503, `${r.method} ${r.path} → ${res.status}`);
        if (res.status >= 400 && r.method !== 'HEAD') {
          assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
          assertConforms(undefined, res.status, JSON.parse(text));
        }
      }),
      { numRuns: 300 },
    );
  });
});

// The shapes of the hardening probe: floods of values and filters, hostile JSON text, odd
// login redirects, and requests the HTTP parser itself refuses. None may reach a 5xx.
describe('hostile shapes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ rateLimit: 0 });
  });
  after(() => t.stop());

  const assertHandled = (what: string, status: number, text: string, json = true) => {
    assert.ok(status < 500 || status === 503, `${what} → ${status} ${text.slice(0, 300)}`);
    if (json && status >= 400) assertConforms(undefined, status, JSON.parse(text));
  };

  const textValue = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => `${s}\u{10FFFF}`),
    fc.constantFrom('https://acme.example', 'ada@acme.example', '+1 415 555 0100'),
  );
  const longText = fc.oneof(
    fc.constantFrom(10_000, 70_000, 300_000).map((n) => 'x'.repeat(n)),
    // Text that does not compress: long index terms of it once passed PostgreSQL's b-tree row limit.
    fc.string({ unit: 'grapheme', minLength: 900, maxLength: 3_000 }),
  );
  const many = <T>(value: fc.Arbitrary<T>) =>
    fc.tuple(fc.constantFrom(0, 1, 99, 100, 101, 2_000, 30_000), value).map(([n, v]) => Array.from({ length: n }, (_, i) => (typeof v === 'string' ? `${i}${v}` : v)));

  it('writes with floods of values answer without a 5xx', async () => {
    const write = fc.record({
      collection: fc.constantFrom('accounts', 'contacts', 'opportunities', 'tasks', 'notes'),
      key: fc.constantFrom('$website', '$email', '$phone', '$name', '$industry', '$attendeeEmails', '$primaryAddress', '$description'),
      values: fc.oneof(many(textValue), textValue, longText, longText.map((v) => [v, v])),
      relationship: fc.option(fc.record({ key: fc.constantFrom('$contacts', '$account', '$owner'), ids: many(fc.constant('acc_00000000000000000000000000')) }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(write, async (w) => {
        const body: Record<string, unknown> = { fields: { [w.key]: w.values } };
        if (w.relationship) body.relationships = { [w.relationship.key]: w.relationship.ids };
        const res = await fetch(`${t.url}/v1/${w.collection}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.key}`, 'lightfield-version': API_VERSION, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        assertHandled(`POST /v1/${w.collection} ${w.key}×${Array.isArray(w.values) ? w.values.length : 1}`, res.status, await res.text());
      }),
      { numRuns: 60 },
    );
  });

  it('lists with floods of filters answer without a 5xx', async () => {
    const filter = fc.record({
      key: fc.constantFrom('$name', '$website', '$amount', '$stage', '$email', 'nope', '$name]'),
      op: fc.constantFrom('', '[equal]', '[-equal]', '[startsWith]', '[-startsWith]', '[contains]', '[greaterThan]', '[bogus]'),
      value: textValue.map((v) => v.slice(0, 40)),
    });
    const list = fc.record({
      collection: fc.constantFrom('accounts', 'contacts', 'opportunities'),
      filters: fc.tuple(fc.constantFrom(1, 49, 50, 51, 500, 501, 2_000), filter).map(([n, f]) => Array.from({ length: n }, () => f)),
    });
    await fc.assert(
      fc.asyncProperty(list, async (l) => {
        const query = l.filters.map((f) => `${encodeURIComponent(f.key + f.op)}=${encodeURIComponent(f.value)}`).join('&');
        const res = await fetch(`${t.url}/v1/${l.collection}?${query}`, { headers: { authorization: `Bearer ${t.key}`, 'lightfield-version': API_VERSION } });
        assertHandled(`GET /v1/${l.collection} with ${l.filters.length} filters`, res.status, await res.text());
      }),
      { numRuns: 40 },
    );
  });

  it('hostile JSON text answers without a 5xx', async () => {
    const key = fc.constantFrom('$name', '__proto__', 'constructor', 'prototype', 'fields', 'a');
    const nested = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue().map((v) => JSON.stringify(v)), tie('object'), tie('array')),
      object: fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
      array: fc.array(tie('node'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    }));
    const text = fc.oneof(
      nested.object.map((o) => `{"fields":${o}}`),
      nested.object,
      fc.constantFrom(10, 1_000, 100_000).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
      fc.constantFrom(1_000, 100_000).map((d) => `{"fields":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`),
      fc.constant('{"fields":{"$name":"a","$name":"b"}}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/v1/accounts', '/v1/auth/validate'), text, async (path, body) => {
        const res = await fetch(t.url + path, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.key}`, 'lightfield-version': API_VERSION, 'content-type': 'application/json' },
          body,
        });
        assertHandled(`POST ${path} ${body.slice(0, 80)}`, res.status, await res.text());
      }),
      { numRuns: 150 },
    );
  });

  it('sign-ins with any next and any origin answer without a 5xx', async () => {
    const signIn = fc.record({
      next: fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('/日本', '//evil.example', '/\\evil.example', 'https://evil.example/', '/%E0%A4%A', '/board?x=\u00e9')),
      origin: fc.constantFrom(undefined, 'null', 'https://evil.example', t.url),
      site: fc.constantFrom(undefined, 'same-origin', 'cross-site', 'none'),
      key: fc.constantFrom('valid', 'garbage'),
      // Mostly with the form's token, so that `next` is reached and not only the CSRF check.
      token: fc.constantFrom('sent', 'sent', 'sent', 'none', 'forged'),
    });
    const loaded = await formToken(t);
    await fc.assert(
      fc.asyncProperty(signIn, async (s) => {
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', cookie: loaded.cookie };
        if (s.origin) headers.origin = s.origin;
        if (s.site) headers['sec-fetch-site'] = s.site;
        const form = new URLSearchParams({ key: s.key === 'valid' ? t.key : 'sk_lf_nope', next: s.next });
        if (s.token !== 'none') form.set('_csrf', s.token === 'sent' ? loaded.token : 'forged-token');
        const res = await fetch(`${t.url}/login`, { method: 'POST', headers, body: form.toString(), redirect: 'manual' });
        assertHandled(`POST /login next=${JSON.stringify(s.next)}`, res.status, await res.text(), false);
        // Wherever a sign-in lands, it stays on this site.
        if (res.status === 303) assert.match(res.headers.get('location') ?? '', /^\/(?![/\\])[\x21-\x7e]*$/, `next=${JSON.stringify(s.next)}`);
      }),
      { numRuns: 100 },
    );
  });

  it('requests the HTTP parser refuses are answered in the envelope', async () => {
    const head = fc.oneof(
      fc.constant('Content-Length: -1'),
      fc.constant('Content-Length: 5\r\nContent-Length: 6'),
      fc.constant('Transfer-Encoding: chunked, identity'),
      fc.constantFrom(20_000, 100_000).map((n) => `X-Big: ${'a'.repeat(n)}`),
      fc.string({ unit: 'binary-ascii', maxLength: 20 }).map((s) => `X-Odd: ${s.replace(/[\r\n]/g, '')}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET /healthz', 'POST /v1/accounts', 'GET /v1/accounts'), head, async (line, header) => {
        const connection = await connectRaw(t.url);
        await connection.send(`${line} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.key}\r\nLightfield-Version: ${API_VERSION}\r\n${header}\r\nConnection: close\r\n\r\n`).catch(() => {});
        const answer = await connection.finish(3000);
        assert.ok(answer.status !== undefined, `${line} ${header.slice(0, 60)} got no answer: ${JSON.stringify(answer.text.slice(0, 200))}`);
        assert.ok(answer.status < 500 || answer.status === 503, `${line} ${header.slice(0, 60)} → ${answer.status} ${answer.text.slice(0, 200)}`);
        if (answer.status >= 400 && answer.text !== '') {
          assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
          assertConforms(undefined, answer.status, answer.body);
        }
      }),
      { numRuns: 40 },
    );
  });
});
