import type { DB } from '../../storage/database.js';
import { findActiveEnrichmentRun, insertEnrichmentRun, moveEnrichmentRun } from '../../storage/enrichment-runs.js';
import { enqueueJob } from '../../storage/jobs.js';
import type { EnrichmentRunRow } from '../../storage/schema.js';
import { newId } from '../ids.js';
import type { Enrichment } from '../object-types/object-type.js';
import type { WriteEnv } from '../records/effects/effect.js';

/** The kind of job that carries out an enrichment run (jobs/enrichment). */
export const ENRICHMENT_JOB = 'enrichment';

export interface NewRun {
  spec: Enrichment;
  recordId: string;
  targets: readonly string[];
  /** The request named the targets: they are refreshed even when set. */
  named: boolean;
  trigger: EnrichmentRunRow['trigger'];
}

/**
 * Queues a run and the job that carries it out, in the caller's write transaction; or, when the
 * record has one waiting or running already, answers that one (`queued: false`). Write
 * transactions of an organization take turns, so two requests never both queue one.
 */
export async function queueEnrichmentRun(trx: DB, env: WriteEnv, run: NewRun): Promise<{ row: EnrichmentRunRow; queued: boolean }> {
  const at = env.now.toISOString();
  const active = await findActiveEnrichmentRun(trx, run.recordId);
  if (active && (active.jobStatus === 'queued' || active.jobStatus === 'running')) return { row: active.run, queued: false };
  // Its job ended without it (tries used up by workers that kept dying): it will never finish.
  if (active) await moveEnrichmentRun(trx, active.run.id, ['queued', 'running'], { status: 'failed', error: 'Its job stopped before the run finished.', completed_at: at, updated_at: at });
  const row: EnrichmentRunRow = {
    id: newId('enr', env.now.getTime()),
    organization_id: env.organizationId,
    entity_id: run.recordId,
    entity_type: run.spec.entityType,
    status: 'queued',
    target_fields: JSON.stringify(run.targets),
    named: run.named ? 1 : 0,
    trigger: run.trigger,
    error: null,
    created_at: at,
    updated_at: at,
    started_at: null,
    completed_at: null,
  };
  await insertEnrichmentRun(trx, row);
  // Named with the write's workflow runs: the job's status reads at /v1/workflowRun/{id}/status too.
  env.workflowRuns.push(row.id);
  await enqueueJob(trx, { id: row.id, organizationId: env.organizationId, kind: ENRICHMENT_JOB, targetId: run.recordId, runAfter: at, runBy: at, maxAttempts: env.jobs.maxAttempts, now: at });
  return { row, queued: true };
}
