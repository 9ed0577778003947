import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { claimIdempotencyKey } from '../../src/storage/idempotency-keys.js';
import { manualClock } from '../helpers/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { widgetRoutes, type WidgetProbe } from '../helpers/widget-routes.js';
import { until } from '../helpers/until.js';

const HOUR = 60 * 60 * 1000;

describe('Idempotency-Key', () => {
  const clock = manualClock();
  let probe: WidgetProbe;
  let t: TestServer;
  let n = 0;
  const freshKey = () => `key-${++n}-${Date.now()}`;
  const create = (key: string | undefined, json: unknown, apiKey?: string) =>
    t.request({ path: '/v1/widgets', json, headers: key === undefined ? {} : { 'idempotency-key': key }, key: apiKey });

  before(async () => {
    probe = widgetRoutes();
    t = await startTestServer({ routes: [probe.routes], clock });
  });
  after(() => t.stop());
  beforeEach(() => {
    probe.runs = 0;
    probe.gate = undefined;
  });

  it('runs the handler once for 20 concurrent requests with one key; the rest replay or get 409', async () => {
    const key = freshKey();
    let open!: () => void;
    probe.gate = new Promise<void>((resolve) => (open = resolve));
    const first = create(key, { name: 'concurrent' });
    await until('the first request to reach its handler', () => probe.runs === 1);
    const others = Array.from({ length: 19 }, () => create(key, { name: 'concurrent' }));
    // While the first is held open, every other one must be refused, not run.
    const settled = await Promise.all(others);
    open();
    const original = await first;
    assert.equal(original.status, 200);
    assert.equal(original.headers.get('idempotent-replayed'), null);
    for (const res of settled) {
      assert.equal(res.status, 409);
      assert.deepEqual(res.body, {
        error: {
          type: 'conflict',
          message: 'An operation with this idempotency key is already in progress. Please wait and retry.',
          code: 'idempotency_conflict',
        },
      });
    }
    assert.equal(probe.runs, 1);

    // Now that it completed, a burst of repeats all replay, still without running anything.
    const repeats = await Promise.all(Array.from({ length: 20 }, () => create(key, { name: 'concurrent' })));
    for (const res of repeats) {
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('idempotent-replayed'), 'true');
      assert.equal(res.text, original.text);
    }
    assert.equal(probe.runs, 1);
  });

  it('20 concurrent requests without holding the first: exactly one run, every other answer a replay or a 409', async () => {
    const key = freshKey();
    const all = await Promise.all(Array.from({ length: 20 }, () => create(key, { name: 'race' })));
    assert.equal(probe.runs, 1);
    const fresh = all.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null);
    assert.equal(fresh.length, 1);
    for (const res of all) {
      if (res === fresh[0]) continue;
      if (res.status === 200) assert.equal(res.text, fresh[0]!.text);
      else assert.equal(res.body.error.code, 'idempotency_conflict');
    }
  });

  it('replays byte for byte with the stored status and content type', async () => {
    const key = freshKey();
    const first = await create(key, { name: 'replay me' });
    const again = await create(key, { name: 'replay me' });
    assert.equal(probe.runs, 1);
    assert.equal(again.status, first.status);
    assert.equal(again.text, first.text);
    assert.equal(again.headers.get('content-type'), first.headers.get('content-type'));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.headers.get('idempotent-body-mismatch'), null);
  });

  it('returns the stored response for a different body, and says the bodies differ', async () => {
    const key = freshKey();
    const first = await create(key, { name: 'one' });
    const other = await create(key, { name: 'two' });
    assert.equal(probe.runs, 1);
    assert.equal(other.text, first.text);
    assert.equal(other.headers.get('idempotent-replayed'), 'true');
    assert.equal(other.headers.get('idempotent-body-mismatch'), 'true');
  });

  it('does not store failures: the same key runs again and can succeed', async () => {
    const key = freshKey();
    const failed = await create(key, { name: 'x', fail: true });
    assert.equal(failed.status, 422);
    const crashed = await create(key, { name: 'x', crash: true });
    assert.equal(crashed.status, 500);
    assert.equal(crashed.headers.get('idempotent-replayed'), null);
    const ok = await create(key, { name: 'x' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('idempotent-replayed'), null);
    assert.equal(probe.runs, 3);
    const replay = await create(key, { name: 'x' });
    assert.equal(replay.text, ok.text);
    assert.equal(probe.runs, 3);
  });

  it('keeps a result 24 hours, then runs the key again', async () => {
    const key = freshKey();
    const first = await create(key, { name: 'day' });
    clock.advance(24 * HOUR - 1);
    const within = await create(key, { name: 'day' });
    assert.equal(within.headers.get('idempotent-replayed'), 'true');
    assert.equal(probe.runs, 1);
    clock.advance(2);
    const after24h = await create(key, { name: 'day' });
    assert.equal(after24h.status, 200);
    assert.equal(after24h.headers.get('idempotent-replayed'), null);
    assert.notEqual(after24h.text, first.text);
    assert.equal(probe.runs, 2);
  });

  it('frees the key of a request that died mid-flight once its 60 s lock expires', async () => {
    const key = freshKey();
    // What a crashed process leaves behind: a claim that is never completed nor released.
    const claim = await claimIdempotencyKey(
      t.server.storage.db,
      { organizationId: t.organizationId, namespace: 'widget.create', key },
      { requestHash: 'x', now: clock.now(), lockMs: 60_000, retentionMs: 24 * HOUR },
    );
    assert.equal(claim.kind, 'claimed');
    clock.advance(59_000);
    const locked = await create(key, { name: 'after crash' });
    assert.equal(locked.status, 409);
    assert.equal(probe.runs, 0);
    clock.advance(1_001);
    const freed = await create(key, { name: 'after crash' });
    assert.equal(freed.status, 200);
    assert.equal(probe.runs, 1);
  });

  it('scopes keys by operation and by organization', async () => {
    const key = freshKey();
    await create(key, { name: 'create' });
    const update = await t.request({ path: '/v1/widgets/rec_1', json: {}, headers: { 'idempotency-key': key } });
    assert.equal(update.status, 200);
    assert.equal(update.headers.get('idempotent-replayed'), null);
    const other = await t.addOrganization('Other Org');
    const elsewhere = await create(key, { name: 'create' }, other.key);
    assert.equal(elsewhere.headers.get('idempotent-replayed'), null);
    assert.equal(probe.runs, 3);
  });

  it('refuses a key longer than 255 characters and changes nothing', async () => {
    const res = await create('k'.repeat(256), { name: 'long' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.error, {
      type: 'bad_request',
      message: 'Idempotency-Key must be at most 255 characters; got 256.',
      code: 'idempotency_key_too_long',
      param: 'Idempotency-Key',
    });
    assert.equal(probe.runs, 0);
    const max = await create('k'.repeat(255), { name: 'long' });
    assert.equal(max.status, 200);
  });

  it('leaves requests without a key alone', async () => {
    await create(undefined, { name: 'a' });
    const second = await create(undefined, { name: 'a' });
    assert.equal(second.headers.get('idempotent-replayed'), null);
    assert.equal(probe.runs, 2);
  });
});

describe('Idempotency-Key across two server processes on one database', () => {
  it('runs once when concurrent requests are spread over both', async () => {
    const a = widgetRoutes();
    const b = widgetRoutes();
    const first = await startTestServer({ routes: [a.routes] });
    const second = await startTestServer({ routes: [b.routes], database: first.database, key: first.key }).catch(async (err: unknown) => {
      await first.stop();
      throw err;
    });
    try {
      const key = `shared-${Date.now()}`;
      const all = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? second : first).request({ path: '/v1/widgets', json: { name: 'both' }, headers: { 'idempotency-key': key } }),
        ),
      );
      assert.equal(a.runs + b.runs, 1);
      const texts = new Set(all.filter((r) => r.status === 200).map((r) => r.text));
      assert.equal(texts.size, 1);
      for (const r of all) assert.ok(r.status === 200 || r.body.error.code === 'idempotency_conflict');
    } finally {
      await second.server.close();
      await first.stop();
    }
  });
});
