import type { DB } from '../../storage/database.js';
import { selectTargets } from '../../storage/record-links.js';
import { findRecords, updateRecordFields } from '../../storage/records.js';
import { loadDefinitions } from '../definitions/load.js';
import { deriveOpportunityStatus, refreshAccountStatuses } from './derived-fields.js';
import { indexField } from './record-index.js';
import { parseStoredFields } from './render-record.js';

/**
 * After stage options change status (Negotiation now counts as WON, say), re-derives
 * `$opportunityStatus` of the opportunities in those stages and the status of their accounts,
 * in the caller's transaction.
 */
export async function restatusOpportunities(trx: DB, organizationId: string, stageIds: readonly string[], now: Date): Promise<void> {
  if (stageIds.length === 0) return;
  const defs = await loadDefinitions(trx, organizationId, 'opportunity');
  const statusDef = defs.fields.find((f) => f.key === '$opportunityStatus');
  const ids = (
    await trx
      .selectFrom('record_terms')
      .select('record_id')
      .where('organization_id', '=', organizationId)
      .where('object_type', '=', 'opportunity')
      .where('field_key', '=', '$stage')
      .where('term_text', 'in', stageIds)
      .execute()
  ).map((r) => r.record_id);
  const accounts = new Set<string>();
  for (const row of await findRecords(trx, organizationId, ids)) {
    const fields = parseStoredFields(row);
    const before = fields.$opportunityStatus;
    deriveOpportunityStatus(defs, fields);
    if (fields.$opportunityStatus === before) continue;
    await updateRecordFields(trx, row.id, JSON.stringify(fields), row.updated_at);
    if (statusDef) await indexField(trx, { organizationId, objectType: 'opportunity', recordId: row.id }, statusDef, fields.$opportunityStatus ?? null);
    for (const account of await selectTargets(trx, 'opportunity.account', row.id)) accounts.add(account);
  }
  await refreshAccountStatuses(trx, organizationId, [...accounts], now);
}
