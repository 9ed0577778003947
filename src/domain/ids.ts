import { monotonicFactory } from 'ulid';

/** Type prefixes of every id fieldhouse hands out (spec/README.md). */
export type IdPrefix =
  | 'acc' | 'con' | 'opp' | 'tsk' | 'nte' | 'mtg' | 'lst' | 'mem' | 'fil' | 'eml' | 'rec'
  | 'ad' | 'rd' | 'opt' | 'org' | 'key' | 'wfr' | 'mrg' | 'req';

// Monotonic: ids made in the same millisecond still sort in creation order.
const ulid = monotonicFactory();

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${ulid(now)}`;
}
