import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseJsonText } from '../../src/http/json-body.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { widgetRoutes } from '../helpers/widget-routes.js';

describe('JSON request bodies', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ routes: [widgetRoutes().routes] });
  });
  after(() => t.stop());

  const post = (path: string, rawBody: string) => t.request({ path, method: 'POST', rawBody, headers: { 'content-type': 'application/json' } });

  it('refuses prototype keys, saying which key was refused', async () => {
    const cases = [
      ['{"name":"x","__proto__":{"admin":true}}', "Request body must not contain the key '__proto__'."],
      ['{"name":"x","fields":{"__proto__":{}}}', "Request body must not contain the key '__proto__'."],
      ['{"name":"x","constructor":{"prototype":{"admin":true}}}', "Request body must not contain a 'constructor' key holding a 'prototype' key."],
    ] as const;
    for (const [rawBody, message] of cases) {
      const res = await post('/v1/widgets', rawBody);
      assert.equal(res.status, 400, rawBody);
      assert.deepEqual(res.body.error, { type: 'bad_request', message, code: 'invalid_type', param: 'body' }, rawBody);
    }
  });

  it('refuses a key named twice in one object, at any depth, naming it', async () => {
    const cases = [
      ['/v1/widgets', '{"name":"a","name":"b"}', 'name'],
      // The same key however it is escaped.
      ['/v1/widgets', '{"name":"a","n\\u0061me":"b"}', 'name'],
      ['/v1/accounts', '{"fields":{"$name":"a","$name":"b"}}', 'fields.$name'],
      ['/v1/accounts', '{"fields":{"$name":"a","$website":[{"u":"http://x:1","u":"y"}]}}', 'fields.$website.0.u'],
      // Routes whose bodies may also be empty (merge, restore, enrichment) read JSON the same way.
      ['/v1/accounts/merge', '{"primaryId":"acc_1","primaryId":"acc_2"}', 'primaryId'],
    ] as const;
    for (const [path, rawBody, key] of cases) {
      const res = await post(path, rawBody);
      assert.equal(res.status, 400, rawBody);
      assert.deepEqual(
        res.body.error,
        { type: 'bad_request', message: `Request body names the key '${key}' more than once.`, code: 'invalid_type', param: 'body' },
        rawBody,
      );
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    }
  });

  it('still answers invalid and empty JSON as before', async () => {
    const invalid = await post('/v1/widgets', '{"name":');
    assert.deepEqual(invalid.body.error, { type: 'bad_request', message: 'Request body is not valid JSON.', code: 'invalid_type', param: 'body' });
    const empty = await post('/v1/widgets', '');
    assert.equal(empty.body.error.message, "Request body is empty but 'Content-Type' is application/json.");
  });

  it('takes the same key in sibling objects, and colons and quotes inside strings', async () => {
    const res = await post('/v1/widgets', '{"name":"a \\"name\\": b, http://x:1/y:z"}');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.name, 'a "name": b, http://x:1/y:z');
    const values = [
      '[{"a":1},{"a":1}]',
      '{"a":{"b":1},"c":{"b":1},"t":"10:00:00"}',
      '{"a":"\\\\","b":"\\\\\\"x:"}',
      '{"a" : {"a" : "a:a"}}',
      '"just: a string"',
    ];
    for (const text of values) assert.deepEqual(parseJsonText(text), JSON.parse(text), text);
    // A byte order mark before the JSON is skipped, as Fastify's own parser did.
    assert.deepEqual(parseJsonText('\ufeff{"a":1}'), { a: 1 });
  });

  it('reads a 1 MiB body with colons in its strings as JSON.parse does, and finds the one key it repeats', () => {
    const item = (i: number) => `{"id":"rec_${i}","url":"https://example.com:443/a/${i}","at":"2026-03-01T10:00:00Z"}`;
    const items: string[] = [];
    let size = 0;
    for (let i = 0; size < 1024 * 1024; i++) size += items[items.push(item(i)) - 1]!.length + 1;
    const text = `{"items":[${items.join(',')}]}`;
    assert.deepEqual(parseJsonText(text), JSON.parse(text));
    const repeated = `${text.slice(0, -1)},"tail":{"at":"10:00","at":"11:00"}}`;
    assert.throws(() => parseJsonText(repeated), /names the key 'tail\.at' more than once/);
  });
});
