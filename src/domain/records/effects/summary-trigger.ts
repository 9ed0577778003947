import type { DB } from '../../../storage/database.js';
import { enqueueJob } from '../../../storage/jobs.js';
import { newId } from '../../ids.js';
import { linkedIds, type LinkEnd } from '../links.js';
import type { AfterWriteEffect, WriteEnv } from './effect.js';

/** The kind of job that writes an opportunity's summary (jobs/summary). */
export const SUMMARY_JOB = 'summary';

/** However long a burst goes on, its summary runs within this many debounce periods. */
const MAX_WAIT_DEBOUNCES = 10;

/** Queues (or pushes back) one summary run per opportunity, inside the caller's transaction. */
export async function enqueueSummaries(trx: DB, env: WriteEnv, opportunityIds: readonly string[]): Promise<void> {
  const { now, jobs } = env;
  const runAfter = new Date(now.getTime() + jobs.debounceMs).toISOString();
  const runBy = new Date(now.getTime() + jobs.debounceMs * MAX_WAIT_DEBOUNCES).toISOString();
  for (const targetId of opportunityIds) {
    env.workflowRuns.push(
      await enqueueJob(trx, {
        id: newId('wfr', now.getTime()),
        organizationId: env.organizationId,
        kind: SUMMARY_JOB,
        targetId,
        runAfter,
        runBy,
        maxAttempts: jobs.maxAttempts,
        now: now.toISOString(),
      }),
    );
  }
}

/**
 * A summary is stale after any change to its opportunity or to what feeds it. `'self'`: the record
 * is the opportunity; else the opportunities it holds (or held) at these link ends: a task's
 * opportunity, an account's opportunities, those a contact champions or evaluates.
 */
export function summaryTrigger(feeds: 'self' | readonly LinkEnd[]): AfterWriteEffect {
  return {
    name: 'summary trigger',
    async apply(trx, change, env) {
      // The system's own writes (a summary, a derived status) change nothing a summary reads from the user.
      if (change.origin === 'derived') return;
      const stale = feeds === 'self' ? [change.row.id] : [...new Set(feeds.flatMap((end) => linkedIds(end, change.row.id, change.touched)))];
      await enqueueSummaries(trx, env, stale);
    },
  };
}
