import type { EnrichmentConfig } from '../../config.js';
import type { Clock } from '../../domain/clock.js';
import { accountsAtDomain } from '../../domain/enrichment/accounts-at-domain.js';
import { applyFindings } from '../../domain/enrichment/apply-findings.js';
import { enrichmentSource } from '../../domain/enrichment/enrichment-plan.js';
import { NO_FINDINGS, type Findings } from '../../domain/enrichment/findings.js';
import type { ObjectTypeRegistry } from '../../domain/object-types/object-type.js';
import { typeInfoOf } from '../../domain/objects.js';
import type { WriteEnv } from '../../domain/records/effects/effect.js';
import { parseStoredFields } from '../../domain/records/render-record.js';
import { writeEnv } from '../../domain/records/write-env.js';
import type { DB } from '../../storage/database.js';
import { findEnrichmentRun, moveEnrichmentRun } from '../../storage/enrichment-runs.js';
import { findRecord } from '../../storage/records.js';
import type { EnrichmentRunRow, EnrichmentRunStatus } from '../../storage/schema.js';
import type { JobHandler, JobLog } from '../worker.js';
import { SiteTimeoutError } from './fetch-site.js';
import type { EnrichmentProvider } from './provider.js';

export interface EnrichmentJobSettings {
  config: EnrichmentConfig;
  jobs: WriteEnv['jobs'];
  defaultRegion: string;
  objectTypes?: ObjectTypeRegistry;
}

const ACTIVE: readonly EnrichmentRunStatus[] = ['queued', 'running'];

function timedOut(err: unknown, signal: AbortSignal): boolean {
  return err instanceof SiteTimeoutError || signal.aborted || (err instanceof Error && /timed? ?out/i.test(`${err.name} ${err.message}`));
}

/**
 * One enrichment run: read where the record points (an account's website; for a contact, the
 * accounts at its work domain), write what was found into its targets, and record how it ended.
 * A site that fails or hangs ends the run as failed or timed_out, not as a retried job: the site
 * would answer the same a second later. A worker that dies mid-run leaves it running; the job's
 * lease expiry brings it back to another worker, which runs it again.
 */
export function enrichmentJob(db: DB, clock: Clock, provider: EnrichmentProvider | undefined, log: JobLog, settings: EnrichmentJobSettings): JobHandler {
  const carryOut = async (run: EnrichmentRunRow, finish: (status: EnrichmentRunStatus, error: string | null) => Promise<boolean>): Promise<void> => {
    // Queued while a provider was configured, run after it was turned off.
    if (!provider) {
      await finish('failed', 'Enrichment is off (FIELDHOUSE_ENRICHMENT_PROVIDER=off).');
      return;
    }
    const type = typeInfoOf(run.entity_type, settings.objectTypes);
    const row = await findRecord(db, run.organization_id, type.objectType, run.entity_id);
    const source = row && type.enrichment ? enrichmentSource(type.enrichment, parseStoredFields(row)) : undefined;
    if (!row || !source) {
      await finish('completed', null);
      return;
    }
    const targets = JSON.parse(run.target_fields) as string[];
    const signal = AbortSignal.timeout(settings.config.timeoutMs);
    let findings: Findings;
    try {
      findings =
        source.kind === 'website'
          ? { ...NO_FINDINGS, values: await provider.readSite({ url: source.url, targets, signal }) }
          : { ...NO_FINDINGS, links: { $account: await accountsAtDomain(db, run.organization_id, source.domain) } };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const status = timedOut(err, signal) ? 'timed_out' : 'failed';
      log.warn({ run: run.id, entity: run.entity_id, provider: provider.name, err: message }, `enrichment run ${status}`);
      await finish(status, message.slice(0, 2000));
      return;
    }
    const env = writeEnv({ organizationId: run.organization_id, now: clock.now(), settings: { jobs: { ...settings.jobs, enrichment: false } }, objectTypes: settings.objectTypes });
    const written = await applyFindings(db, env, type, run, findings, settings.defaultRegion);
    log.info({ run: run.id, entity: run.entity_id, provider: provider.name, written }, 'enrichment run completed');
    await finish('completed', null);
  };

  return async (job) => {
    const run = await findEnrichmentRun(db, job.organization_id, job.id);
    if (!run || !ACTIVE.includes(run.status)) return;
    const startedAt = run.started_at ?? clock.now().toISOString();
    await moveEnrichmentRun(db, run.id, ACTIVE, { status: 'running', started_at: startedAt, updated_at: clock.now().toISOString() });
    const finish = (status: EnrichmentRunStatus, error: string | null) => {
      const at = clock.now().toISOString();
      return moveEnrichmentRun(db, run.id, ACTIVE, { status, error, completed_at: at, updated_at: at });
    };

    try {
      await carryOut(run, finish);
    } catch (err) {
      // Retried while tries remain; on the last one the run ends failed, so its record is free again.
      if (job.attempts < job.max_attempts) throw err;
      await finish('failed', (err instanceof Error ? err.message : String(err)).slice(0, 2000));
    }
  };
}
