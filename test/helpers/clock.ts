import type { Clock } from '../../src/domain/clock.js';

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

/** Time that moves only when a test says so. */
export function manualClock(start = Date.parse('2026-03-01T12:00:00.000Z')): ManualClock {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}
