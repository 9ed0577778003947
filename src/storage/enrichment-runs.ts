import type { DB } from './database.js';
import type { EnrichmentRunRow, EnrichmentRunStatus } from './schema.js';

export async function insertEnrichmentRun(db: DB, row: EnrichmentRunRow): Promise<void> {
  await db.insertInto('enrichment_runs').values(row).execute();
}

export async function findEnrichmentRun(db: DB, organizationId: string, id: string): Promise<EnrichmentRunRow | undefined> {
  return db.selectFrom('enrichment_runs').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

/**
 * A record's run that is waiting or running (there is at most one: enrichment_runs_one_active),
 * with the status of the job carrying it out, absent when the job is gone.
 */
export async function findActiveEnrichmentRun(db: DB, entityId: string): Promise<{ run: EnrichmentRunRow; jobStatus: string | undefined } | undefined> {
  const row = await db
    .selectFrom('enrichment_runs')
    .leftJoin('jobs', 'jobs.id', 'enrichment_runs.id')
    .selectAll('enrichment_runs')
    .select('jobs.status as job_status')
    .where('enrichment_runs.entity_id', '=', entityId)
    .where('enrichment_runs.status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (!row) return undefined;
  const { job_status, ...run } = row;
  return { run, jobStatus: job_status ?? undefined };
}

/** Moves a run on; false when it is no longer in one of `from` (another worker finished it). */
export async function moveEnrichmentRun(
  db: DB,
  id: string,
  from: readonly EnrichmentRunStatus[],
  to: Pick<EnrichmentRunRow, 'status' | 'updated_at'> & Partial<Pick<EnrichmentRunRow, 'started_at' | 'completed_at' | 'error'>>,
): Promise<boolean> {
  const result = await db.updateTable('enrichment_runs').set(to).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
