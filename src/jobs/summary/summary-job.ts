import type { Clock } from '../../domain/clock.js';
import type { DB } from '../../storage/database.js';
import type { JobHandler } from '../worker.js';
import type { SummaryProvider } from './provider.js';
import { loadSummaryInput } from './summary-input.js';
import { writeSummary } from './write-summary.js';

/** A summary run: gather the opportunity's data, ask the provider, store the result. */
export function summaryJob(db: DB, clock: Clock, provider: SummaryProvider, currency: string): JobHandler {
  return async (job) => {
    const input = await loadSummaryInput(db, job.organization_id, job.target_id, currency, clock.now());
    if (!input) return; // the opportunity is gone: nothing to summarize
    const result = await provider.summarize(input);
    await writeSummary(db, job.organization_id, job.target_id, input.account?.id ?? null, result, clock.now());
  };
}
