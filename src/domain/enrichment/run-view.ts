import type { EnrichmentRunRow } from '../../storage/schema.js';

/** An enrichment run as the API answers it. */
export interface EnrichmentRunView {
  id: string;
  entityId: string;
  entityType: string;
  status: EnrichmentRunRow['status'];
  targetFields: string[];
  trigger: EnrichmentRunRow['trigger'];
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export function renderEnrichmentRun(row: EnrichmentRunRow): EnrichmentRunView {
  return {
    id: row.id,
    entityId: row.entity_id,
    entityType: row.entity_type,
    status: row.status,
    targetFields: JSON.parse(row.target_fields) as string[],
    trigger: row.trigger,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}
