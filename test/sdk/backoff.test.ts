import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRetryableStatus, retryAfterMs, retryDelayMs } from '../../packages/sdk/src/core/backoff.js';

// The retry maths alone: no server, no clock.

describe('SDK backoff', () => {
  it('retries 408, 409, 429 and every 5xx, and nothing else', () => {
    const retried = [400, 401, 403, 404, 408, 409, 415, 422, 429, 500, 502, 503, 504].filter(isRetryableStatus);
    assert.deepEqual(retried, [408, 409, 429, 500, 502, 503, 504]);
  });

  it('waits 0.5 s · 2^n capped at 8 s, less at most 25 % jitter', () => {
    const none = () => 0;
    const most = () => 1;
    assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, undefined, none)), [500, 1000, 2000, 4000, 8000, 8000, 8000]);
    assert.deepEqual([0, 1, 4].map((n) => retryDelayMs(n, undefined, most)), [375, 750, 6000]);
    for (let i = 0; i < 100; i++) {
      const d = retryDelayMs(1);
      assert.ok(d > 750 && d <= 1000, String(d));
    }
  });

  it('honours Retry-After-Ms, then Retry-After in seconds or as a date, from 0 to 60 s', () => {
    const h = (init: Record<string, string>) => new Headers(init);
    assert.equal(retryDelayMs(0, h({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
    assert.equal(retryDelayMs(3, h({ 'retry-after': '1' })), 1000);
    assert.equal(retryDelayMs(0, h({ 'retry-after': '0' })), 0);
    const now = Date.parse('2026-03-01T12:00:00Z');
    assert.equal(retryAfterMs(h({ 'retry-after': 'Sun, 01 Mar 2026 12:00:05 GMT' }), now), 5000);
    assert.equal(retryDelayMs(0, h({ 'retry-after': 'Sun, 01 Mar 2026 12:00:05 GMT' }), () => 0, now), 5000);
    // Too long, negative or unreadable: the computed backoff instead.
    for (const value of ['120', '-1', 'soon', '']) assert.equal(retryDelayMs(1, h({ 'retry-after': value }), () => 0), 1000, value);
    assert.equal(retryDelayMs(1, h({ 'retry-after-ms': 'x' }), () => 0), 1000);
    assert.equal(retryAfterMs(undefined), undefined);
  });
});
