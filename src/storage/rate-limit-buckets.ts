import { sql } from 'kysely';
import type { DB } from './database.js';

export interface TakenToken {
  tokens: number;
  admitted: boolean;
}

/**
 * Refills one bucket for the time since its last take and takes a token if one is there, in one
 * statement: concurrent takes from any number of processes queue on the row and each sees the
 * last one's result. Plain CASE arithmetic reads the same on SQLite and PostgreSQL.
 */
export async function takeToken(db: DB, bucket: string, perSecond: number, nowMs: number): Promise<TakenToken> {
  const capacity = sql`cast(${perSecond} as double precision)`;
  const now = sql`cast(${nowMs} as double precision)`;
  const elapsed = sql`case when ${now} > rate_limit_buckets.refilled_at_ms then ${now} - rate_limit_buckets.refilled_at_ms else 0 end`;
  const refilled = sql`case when rate_limit_buckets.tokens + ${elapsed} / 1000.0 * ${capacity} > ${capacity} then ${capacity} else rate_limit_buckets.tokens + ${elapsed} / 1000.0 * ${capacity} end`;
  const row = await db
    .insertInto('rate_limit_buckets')
    .values({ bucket, tokens: perSecond - 1, refilled_at_ms: nowMs, admitted: 1 })
    .onConflict((oc) =>
      oc.column('bucket').doUpdateSet({
        tokens: sql`case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end`,
        admitted: sql`case when ${refilled} >= 1 then 1 else 0 end`,
        refilled_at_ms: sql`case when ${now} > rate_limit_buckets.refilled_at_ms then ${now} else rate_limit_buckets.refilled_at_ms end`,
      }),
    )
    .returning(['tokens', 'admitted'])
    .executeTakeFirstOrThrow();
  return { tokens: Number(row.tokens), admitted: Number(row.admitted) === 1 };
}
