import type { Clock } from '../../domain/clock.js';
import type { WriteEnv } from '../../domain/records/effects/effect.js';
import type { DB } from '../../storage/database.js';
import type { JobHandler } from '../worker.js';
import type { SummaryProvider } from './provider.js';
import { loadSummaryInput } from './summary-input.js';
import { transcriptReader } from './transcript-text.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { writeSummary } from './write-summary.js';

/** A summary run: gather the opportunity's data, ask the provider, store the result. */
export function summaryJob(db: DB, blobs: BlobStore, clock: Clock, provider: SummaryProvider, settings: { currency: string; jobs: WriteEnv['jobs'] }): JobHandler {
  const readTranscript = transcriptReader(db, blobs);
  return async (job) => {
    const input = await loadSummaryInput(db, job.organization_id, job.target_id, settings.currency, clock.now(), readTranscript);
    if (!input) return; // the opportunity is gone: nothing to summarize
    const result = await provider.summarize(input);
    const env = { organizationId: job.organization_id, now: clock.now(), settings: { jobs: settings.jobs } };
    await writeSummary(db, env, job.target_id, input.account?.id ?? null, result);
  };
}
