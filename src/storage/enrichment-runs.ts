import type { DB } from './database.js';
import type { EnrichmentRunRow, EnrichmentRunStatus } from './schema.js';

export async function insertEnrichmentRun(db: DB, row: EnrichmentRunRow): Promise<void> {
  await db.insertInto('enrichment_runs').values(row).execute();
}

export async function findEnrichmentRun(db: DB, organizationId: string, id: string): Promise<EnrichmentRunRow | undefined> {
  return db.selectFrom('enrichment_runs').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

/** A record's run that is waiting or running: there is at most one (enrichment_runs_one_active). */
export async function findActiveEnrichmentRun(db: DB, entityId: string): Promise<EnrichmentRunRow | undefined> {
  return db.selectFrom('enrichment_runs').selectAll().where('entity_id', '=', entityId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
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
