import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { assertConforms } from '../helpers/conformance.js';
import { API_VERSION, startTestServer, type TestServer } from '../helpers/server.js';
import { widgetRoutes } from '../helpers/widget-routes.js';

describe('the error table of api-conventions.md', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ routes: [widgetRoutes().routes] });
  });
  after(() => t.stop());

  it('400 version_header when the header is missing or another version', async () => {
    for (const version of [null, '2025-01-01', '']) {
      const res = await t.request({ path: '/v1/auth/validate', version });
      assert.equal(res.status, 400, `version ${version}`);
      assert.equal(res.body.error.type, 'bad_request');
      assert.equal(res.body.error.code, 'version_header');
      assert.equal(res.body.error.param, 'Lightfield-Version');
    }
  });

  it('404 for an unknown route, with a request id', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing-here'],
      ['POST', '/v1/auth/validate'],
      ['DELETE', '/v1/widgets'],
      ['GET', '/'],
    ] as const) {
      const res = await t.request({ method, path });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error.type, 'not_found');
      assert.match(res.body.error.message, /No route matches/);
      assert.match(res.headers.get('request-id') ?? '', /^req_[0-9A-Z]{26}$/);
    }
  });

  it('400 invalid_type for a URL that does not decode, in the envelope and with a request id', async () => {
    const res = await t.request({ path: '/v1/%' });
    assert.equal(res.status, 400);
    assert.deepEqual([res.body.error.type, res.body.error.code], ['bad_request', 'invalid_type']);
    assert.match(res.headers.get('request-id') ?? '', /^req_/);
  });

  it('415 for a body that is not JSON', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await t.request({ path: '/v1/widgets', method: 'POST', rawBody: 'name=x', headers: { 'content-type': contentType } });
      assert.equal(res.status, 415, contentType);
      assert.equal(res.body.error.type, 'unsupported_media_type');
    }
  });

  it('accepts a charset parameter on the JSON content type', async () => {
    const res = await t.request({
      path: '/v1/widgets',
      rawBody: '{"name":"x"}',
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(res.status, 200);
  });

  it('400 invalid_type on body for invalid JSON and for an empty JSON body', async () => {
    for (const rawBody of ['{"name":', 'not json', '']) {
      const res = await t.request({ path: '/v1/widgets', method: 'POST', rawBody, headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 400, JSON.stringify(rawBody));
      assert.deepEqual([res.body.error.type, res.body.error.code, res.body.error.param], ['bad_request', 'invalid_type', 'body']);
    }
  });

  it('400 invalid_type on body for prototype-poisoning keys, refused by the parser', async () => {
    for (const rawBody of ['{"name":"x","__proto__":{"admin":true}}', '{"name":"x","constructor":{"prototype":{"admin":true}}}']) {
      const res = await t.request({ path: '/v1/widgets', method: 'POST', rawBody, headers: { 'content-type': 'application/json' } });
      assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'invalid_type', 'body'], rawBody);
    }
  });

  it('400 unknown_field for an unknown top-level key, naming it', async () => {
    const res = await t.request({ path: '/v1/widgets', json: { name: 'x', bogus: 1 } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.error, { type: 'bad_request', message: "Unrecognized field 'bogus'.", code: 'unknown_field', param: 'bogus' });
  });

  it('400 parameter_missing and invalid_type from a route schema', async () => {
    const missing = await t.request({ path: '/v1/widgets', json: {} });
    assert.deepEqual([missing.status, missing.body.error.code, missing.body.error.param], [400, 'parameter_missing', 'name']);
    const wrong = await t.request({ path: '/v1/widgets', json: { name: 5 } });
    assert.deepEqual([wrong.status, wrong.body.error.code, wrong.body.error.param], [400, 'invalid_type', 'name']);
  });

  it('400 for a body over 1 MiB, naming the limit, and the connection stays usable', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; body: any; reused: boolean }>((resolve, reject) => {
        const req = http.request(
          t.url + path,
          {
            method,
            agent,
            headers: {
              authorization: `Bearer ${t.key}`,
              'lightfield-version': API_VERSION,
              ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
      const tooLarge = await send('POST', '/v1/widgets', big);
      assert.equal(tooLarge.status, 400);
      assert.deepEqual([tooLarge.body.error.code, tooLarge.body.error.param], ['invalid_type', 'body']);
      assert.match(tooLarge.body.error.message, /1 MiB/);
      assertConforms(undefined, tooLarge.status, tooLarge.body);
      const next = await send('GET', '/v1/auth/validate');
      assert.equal(next.status, 200);
      const third = await send('POST', '/v1/widgets', JSON.stringify({ name: 'after' }));
      assert.equal(third.status, 200);
      assert.equal(third.reused, true, 'the keep-alive connection was reused');
    } finally {
      agent.destroy();
    }
  });

  it('500 for a bug: no stack in the body; the stack is logged with the request id', async () => {
    const res = await t.request({ path: '/v1/widgets', json: { name: 'x', crash: true } });
    assert.equal(res.status, 500);
    assert.equal(res.body.error.type, 'internal_server_error');
    assert.doesNotMatch(res.text, /exploded|at .*\.ts|stack/i);
    const requestId = res.headers.get('request-id');
    assert.ok(requestId);
    assert.ok(res.body.error.message.includes(requestId), 'the message quotes the request id');
    const logged = t.logs.find((line) => line.reqId === requestId && line.level === 50);
    assert.ok(logged, 'an error line with the request id');
    const err = logged.err as { stack?: string; message?: string };
    assert.match(err.stack ?? '', /widget handler exploded/);
  });

  it('every /v1 response carries a request id, unique per request', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await t.request({ path: '/v1/auth/validate', key: i % 2 ? null : undefined });
      ids.add(res.headers.get('request-id') ?? '');
    }
    assert.equal(ids.size, 5);
  });

  it('health probes need no key', async () => {
    const health = await t.request({ path: '/healthz', key: null, version: null });
    assert.deepEqual([health.status, health.body], [200, { status: 'ok' }]);
    const ready = await t.request({ path: '/readyz', key: null, version: null });
    assert.deepEqual([ready.status, ready.body], [200, { status: 'ready' }]);
  });
});

describe('503 when storage is unavailable', () => {
  it('readyz answers 503 in the error envelope once storage is gone', async () => {
    const t = await startTestServer();
    try {
      await t.server.storage.close();
      const res = await t.request({ path: '/readyz', key: null, version: null });
      assert.equal(res.status, 503);
      assert.equal(res.body.error.type, 'service_unavailable');
      assertConforms(undefined, res.status, res.body);
    } finally {
      await t.server.app.close();
    }
  });
});
