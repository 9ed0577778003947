import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { widgetRoutes } from '../helpers/widget-routes.js';

const read = { path: '/v1/auth/validate' };
const write = { path: '/v1/widgets', json: { name: 'w' } };
const search = { path: '/v1/widgets' };

describe('rate limits, 5 per second per organization per category', () => {
  const clock = manualClock(Date.parse('2026-03-01T12:00:00.000Z'));
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ rateLimit: 5, clock, routes: [widgetRoutes().routes] });
  });
  after(() => t.stop());

  it('answers the 6th request in one second with 429 and Retry-After, with the headers on every response', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.request(read);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), '5');
      assert.equal(res.headers.get('x-ratelimit-remaining'), String(4 - i));
      // Each request spends one token; at 5 per second the bucket is full again (i+1)/5 s later.
      assert.equal(res.headers.get('x-ratelimit-reset'), String(Math.ceil(clock.now().getTime() / 1000 + (i + 1) / 5)));
    }
    const limited = await t.request(read);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.type, 'too_many_requests');
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.ok(limited.headers.get('x-ratelimit-reset'));
  });

  it('does not drain the Read bucket with writes, nor Search with either', async () => {
    assert.equal((await t.request(read)).status, 429, 'read is still exhausted');
    for (let i = 0; i < 5; i++) assert.equal((await t.request(write)).status, 200);
    assert.equal((await t.request(write)).status, 429);
    for (let i = 0; i < 5; i++) assert.equal((await t.request(search)).status, 200);
    assert.equal((await t.request(search)).status, 429);
  });

  it('leaves another organization unaffected', async () => {
    const other = await t.addOrganization('Unthrottled');
    for (let i = 0; i < 5; i++) assert.equal((await t.request({ ...read, key: other.key })).status, 200);
    assert.equal((await t.request({ ...read, key: other.key })).status, 429);
  });

  it('counts requests that fail after auth, and refills with time', async () => {
    clock.advance(1000);
    const bad = await t.request({ ...read, version: '1999-01-01' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-ratelimit-remaining'), '4');
    clock.advance(200);
    const ok = await t.request(read);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('x-ratelimit-remaining'), '4');
  });

  it('waits the Retry-After it announced, and not longer', async () => {
    clock.advance(1000);
    for (let i = 0; i < 5; i++) await t.request(read);
    const limited = await t.request(read);
    assert.equal(limited.status, 429);
    clock.advance(Number(limited.headers.get('retry-after')) * 1000);
    assert.equal((await t.request(read)).status, 200);
  });
});

describe('rate limits disabled with FIELDHOUSE_RATE_LIMIT=0', () => {
  it('never limits and sends no rate-limit headers', async () => {
    const t = await startTestServer({ rateLimit: 0 });
    try {
      for (let i = 0; i < 60; i++) {
        const res = await t.request(read);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-ratelimit-limit'), null);
      }
    } finally {
      await t.stop();
    }
  });
});
