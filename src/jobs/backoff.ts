/** Exponential backoff for the n-th failed try (1-based), capped at an hour, with ±20 % jitter so retries spread. */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exact = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(exact * (0.8 + 0.4 * random()));
}
