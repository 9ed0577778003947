import { STAGE_OPTIONS } from '../src/domain/definitions/system-definitions.js';
import type { RequestSpec } from './load.js';
import { seededRandom } from './random.js';
import { AMOUNT_RANGE, opportunityFields, type SeedSummary } from './seed.js';

export const API_VERSION = '2026-03-01';

/** The operations measured against every dataset. */
export const SCENARIOS = ['retrieve', 'list', 'update', 'create'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_DESCRIPTIONS: Record<ScenarioName | 'baseline' | 'listOneConnection' | 'createAtHalfPeakBurst' | 'createAtHalfPeak', string> = {
  baseline: 'bare Fastify: POST of the create body, fixed JSON reply',
  create: 'POST /v1/opportunities, a new Idempotency-Key each, random stage/amount/account',
  retrieve: 'GET /v1/opportunities/{id}, a random seeded id each',
  update: 'POST /v1/opportunities/{id} setting $amount, a random seeded id and a new Idempotency-Key each',
  list: 'GET /v1/opportunities?$stage[equal]=S&$amount[greaterThan]=A&sort=-$amount (25 a page, with totalCount), random S and A',
  listOneConnection: 'list, one request in flight: what one list costs, without queueing',
  createAtHalfPeakBurst: "create at half its peak rate with autocannon's overallRate (each second's requests sent in a burst at its start)",
  createAtHalfPeak: 'create at half its peak rate, sent at even intervals (open loop, latency from when each was due)',
};

/** Thresholds of the list scenario's `$amount[greaterThan]`, within the seeded range. */
const LIST_THRESHOLDS = [10_000, 50_000, 100_000, 250_000].filter((a) => a > AMOUNT_RANGE.min && a < AMOUNT_RANGE.max);

export interface ScenarioContext {
  apiKey: string;
  dataset: SeedSummary;
  /** Makes Idempotency-Keys unique across runs. */
  keyPrefix: string;
  /** Of the PRNG; different for every maker of a run, so it also keeps their keys apart. */
  seed: number;
}

/** A function giving the scenario's next request: each a different id, body or query. */
export function requestMaker(name: ScenarioName, ctx: ScenarioContext): () => RequestSpec {
  const random = seededRandom(ctx.seed);
  const { opportunityIds, accountIds, memberIds } = ctx.dataset;
  const read = { authorization: `Bearer ${ctx.apiKey}`, 'lightfield-version': API_VERSION };
  let n = 0;
  // The SDK sends an Idempotency-Key with every POST; so do the write scenarios.
  // A key reused by a later maker would be a replay, not a write: each maker's seed is in its keys.
  const write = () => ({ ...read, 'content-type': 'application/json', 'idempotency-key': `${ctx.keyPrefix}-${name}-${ctx.seed}-${(n += 1)}` });
  switch (name) {
    case 'create':
      return () => ({
        method: 'POST',
        path: '/v1/opportunities',
        headers: write(),
        body: JSON.stringify({
          fields: opportunityFields(random, `Bench deal ${n}`, new Date()),
          relationships: { $account: random.pick(accountIds), $owner: random.pick(memberIds) },
        }),
      });
    case 'retrieve':
      return () => ({ method: 'GET', path: `/v1/opportunities/${random.pick(opportunityIds)}`, headers: read });
    case 'update':
      return () => ({
        method: 'POST',
        path: `/v1/opportunities/${random.pick(opportunityIds)}`,
        headers: write(),
        body: JSON.stringify({ fields: { $amount: random.int(10, 5_000) * 100 } }),
      });
    case 'list':
      return () => {
        const query = new URLSearchParams({
          '$stage[equal]': random.pick(STAGE_OPTIONS).label,
          '$amount[greaterThan]': String(random.pick(LIST_THRESHOLDS)),
          sort: '-$amount',
        });
        return { method: 'GET', path: `/v1/opportunities?${query}`, headers: read };
      };
  }
}
