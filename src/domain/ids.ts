import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Type prefixes of every id fieldhouse hands out (spec/README.md). */
export type IdPrefix =
  | 'acc' | 'con' | 'opp' | 'tsk' | 'nte' | 'mtg' | 'lst' | 'mem' | 'fil' | 'eml' | 'rec'
  | 'ad' | 'rd' | 'opt' | 'org' | 'key' | 'wfr' | 'mrg' | 'req' | 'fhe' | 'chn' | 'msg' | 'enr';

/**
 * ulid's default generator asks the OS for one byte per character, 16 calls an id; every request
 * makes at least one id. This one draws from the same cryptographic source a few KB at a time.
 */
function pooledRandom(): () => number {
  const pool = new Uint32Array(1024);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      randomFillSync(pool);
      next = 0;
    }
    return pool[next++]! / 0x1_0000_0000;
  };
}

// Monotonic: ids made in the same millisecond still sort in creation order.
const ulid = monotonicFactory(pooledRandom());

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${ulid(now)}`;
}
