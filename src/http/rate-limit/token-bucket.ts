export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the bucket is full again. */
  resetAt: number;
  /** Whole seconds to wait before a retry can succeed (≥ 1); 0 when allowed. */
  retryAfter: number;
}

/** A rate limiter keyed by an opaque bucket name: in this process's memory, or shared in the database. */
export interface RateLimiter {
  take(bucket: string, now: Date): RateDecision | Promise<RateDecision>;
}

/** A bucket right after one take. */
export interface BucketState {
  /** Tokens left after this take. */
  tokens: number;
  allowed: boolean;
}

/** `perSecond` tokens refill continuously, up to a burst of the same size; this is what the headers say. */
export function decide(state: BucketState, perSecond: number, nowMs: number): RateDecision {
  const secondsToFull = (perSecond - state.tokens) / perSecond;
  return {
    allowed: state.allowed,
    limit: perSecond,
    remaining: Math.max(0, Math.floor(state.tokens)),
    resetAt: Math.ceil(nowMs / 1000 + secondsToFull),
    retryAfter: state.allowed ? 0 : Math.max(1, Math.ceil((1 - state.tokens) / perSecond)),
  };
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets in this process's memory: the embedded database has one server process. */
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
      return decide({ tokens: bucket.tokens, allowed }, perSecond, t);
    },
  };
}
