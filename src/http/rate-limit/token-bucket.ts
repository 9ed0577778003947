export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the bucket is full again. */
  resetAt: number;
  /** Whole seconds to wait before a retry can succeed (≥ 1); 0 when allowed. */
  retryAfter: number;
}

/** A rate limiter keyed by an opaque bucket name; a shared store can stand in for the memory one. */
export interface RateLimiter {
  take(bucket: string, now: Date): RateDecision;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** `perSecond` tokens refill continuously, up to a burst of the same size. */
export function createTokenBucketLimiter(perSecond: number): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const capacity = perSecond;
  return {
    take(name, now) {
      const t = now.getTime();
      const bucket = buckets.get(name) ?? { tokens: capacity, at: t };
      bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      buckets.set(name, bucket);
      const secondsToFull = (capacity - bucket.tokens) / perSecond;
      return {
        allowed,
        limit: capacity,
        remaining: Math.floor(bucket.tokens),
        resetAt: Math.ceil(t / 1000 + secondsToFull),
        retryAfter: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)),
      };
    },
  };
}
