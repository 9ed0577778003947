import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import { FILE_CLEANUP_JOB } from '../domain/files/file-cleanup.js';
import type { BlobStore } from '../storage/blobs/blob-store.js';
import type { Storage } from '../storage/database.js';
import { fileCleanupJob } from './files/file-cleanup-job.js';
import { offlineProvider } from './summary/offline-provider.js';
import { openAiProvider } from './summary/openai-provider.js';
import type { SummaryProvider } from './summary/provider.js';
import { summaryJob } from './summary/summary-job.js';
import { SUMMARY_JOB } from '../domain/records/effects/summary-trigger.js';
import { ENRICHMENT_JOB } from '../domain/enrichment/queue-run.js';
import { enrichmentJob } from './enrichment/enrichment-job.js';
import { openAiEnrichmentProvider } from './enrichment/openai-provider.js';
import type { EnrichmentProvider } from './enrichment/provider.js';
import { webProvider } from './enrichment/web-provider.js';
import { startWorker, type Worker, type WorkerOptions } from './worker.js';

export function enrichmentProvider(config: Config): EnrichmentProvider | undefined {
  if (config.enrichment.provider === 'off') return undefined;
  return config.enrichment.provider === 'openai' ? openAiEnrichmentProvider(config.enrichment) : webProvider(config.enrichment);
}

export function summaryProvider(config: Config): SummaryProvider {
  return config.summary.provider === 'openai' ? openAiProvider(config.summary) : offlineProvider;
}

/** The worker with every kind of job fieldhouse runs. */
export function startJobWorker(
  config: Config,
  storage: Storage,
  blobs: BlobStore,
  clock: Clock,
  log: WorkerOptions['log'],
  provider = summaryProvider(config),
): Worker {
  return startWorker({
    db: storage.db,
    clock,
    log,
    jobs: config.jobs,
    leaseMs: config.jobs.leaseMs,
    handlers: {
      [SUMMARY_JOB]: summaryJob(storage.db, blobs, clock, provider, { currency: config.currency, jobs: config.jobs }),
      [ENRICHMENT_JOB]: enrichmentJob(storage.db, clock, enrichmentProvider(config), log, { config: config.enrichment, jobs: config.jobs, defaultRegion: config.defaultRegion }),
      [FILE_CLEANUP_JOB]: fileCleanupJob(storage.db, blobs, clock, config.jobs.maxAttempts),
    },
  });
}
