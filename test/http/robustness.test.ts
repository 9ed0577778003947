import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { assertConforms } from '../helpers/conformance.js';
import { API_VERSION, startTestServer, type TestServer } from '../helpers/server.js';
import { widgetRoutes } from '../helpers/widget-routes.js';

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
