import type { DB } from '../storage/database.js';
import { enqueueJob } from '../storage/jobs.js';
import { selectSources } from '../storage/record-links.js';
import type { RecordLinkRow } from '../storage/schema.js';
import { newId } from '../domain/ids.js';

export const SUMMARY_JOB = 'summary';

/** Links from tasks and notes to the opportunities whose summaries they feed. */
const FEEDS_OPPORTUNITY = new Set(['task.opportunity', 'note.opportunity']);

/**
 * The opportunities whose summary a write to this record makes stale: the opportunity itself,
 * those a task or note is (or was) linked to, those of a changed account, and those a changed
 * contact champions or evaluates.
 */
export async function staleSummaries(trx: DB, objectType: string, recordId: string, touchedLinks: readonly RecordLinkRow[]): Promise<string[]> {
  switch (objectType) {
    case 'opportunity':
      return [recordId];
    case 'task':
    case 'note':
      return [...new Set(touchedLinks.filter((l) => FEEDS_OPPORTUNITY.has(l.link_type) && l.source_id === recordId).map((l) => l.target_id))];
    case 'account':
      return selectSources(trx, 'opportunity.account', recordId);
    case 'contact':
      return [...new Set([...(await selectSources(trx, 'opportunity.champion', recordId)), ...(await selectSources(trx, 'opportunity.evaluator', recordId))])];
    default:
      return [];
  }
}

export interface EnqueueSettings {
  debounceMs: number;
  maxAttempts: number;
}

/** However long a burst goes on, its summary runs within this many debounce periods. */
const MAX_WAIT_DEBOUNCES = 10;

/** Queues (or pushes back) one summary run per opportunity, inside the caller's transaction. */
export async function enqueueSummaries(trx: DB, organizationId: string, opportunityIds: readonly string[], now: Date, settings: EnqueueSettings): Promise<string[]> {
  const runs: string[] = [];
  const runAfter = new Date(now.getTime() + settings.debounceMs).toISOString();
  const runBy = new Date(now.getTime() + settings.debounceMs * MAX_WAIT_DEBOUNCES).toISOString();
  for (const targetId of opportunityIds) {
    runs.push(
      await enqueueJob(trx, {
        id: newId('wfr', now.getTime()),
        organizationId,
        kind: SUMMARY_JOB,
        targetId,
        runAfter,
        runBy,
        maxAttempts: settings.maxAttempts,
        now: now.toISOString(),
      }),
    );
  }
  return runs;
}
