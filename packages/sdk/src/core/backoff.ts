/** Retry maths, pure: which statuses to retry, and how long to wait before the next attempt. */

export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/** A server's `Retry-After` beyond this is not trusted; the computed backoff is used instead. */
const MAX_HONOURED_RETRY_AFTER_MS = 60_000;

/** Connection errors are retried by the caller; these are the statuses worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * What the server asked for: `Retry-After-Ms` (milliseconds), else `Retry-After` in seconds or as
 * an HTTP date. Undefined when neither is there or usable.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value)) return value;
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : date - now;
}

/**
 * Milliseconds to wait before retry number `retriesSoFar + 1`: the server's `Retry-After(-Ms)` when
 * it gives one from 0 to 60 s, else 0.5 s · 2^retriesSoFar capped at 8 s, less up to 25 % jitter.
 */
export function retryDelayMs(retriesSoFar: number, headers?: Headers, random: () => number = Math.random, now?: number): number {
  const asked = retryAfterMs(headers, now);
  if (asked !== undefined && asked >= 0 && asked < MAX_HONOURED_RETRY_AFTER_MS) return asked;
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retriesSoFar, MAX_RETRY_DELAY_MS);
  const jitter = 1 - random() * 0.25;
  return base * jitter;
}
