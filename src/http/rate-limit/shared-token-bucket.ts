import type { DB } from '../../storage/database.js';
import { takeToken } from '../../storage/rate-limit-buckets.js';
import { decide, type RateLimiter } from './token-bucket.js';

/**
 * Buckets in the database: every process serving an organization draws on one budget. Used on
 * PostgreSQL, where several processes are the point; the embedded database keeps them in memory,
 * where a write per request would cost more than the limit protects.
 */
export function createSharedTokenBucketLimiter(db: DB, perSecond: number): RateLimiter {
  return {
    async take(name, now) {
      const t = now.getTime();
      const taken = await takeToken(db, name, perSecond, t);
      return decide({ tokens: taken.tokens, allowed: taken.admitted }, perSecond, t);
    },
  };
}
