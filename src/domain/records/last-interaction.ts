import type { DB } from '../../storage/database.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import { findRecord, updateRecordFields } from '../../storage/records.js';
import { loadDefinitions } from '../definitions/load.js';
import { indexField } from './record-index.js';
import { parseStoredFields } from './render-record.js';

/** Which links make an interaction with which record: notes always, tasks once complete. */
const INTERACTIONS: Record<string, { objectType: 'opportunity' | 'account'; kind: 'note' | 'task' }> = {
  'note.opportunity': { objectType: 'opportunity', kind: 'note' },
  'note.account': { objectType: 'account', kind: 'note' },
  'task.opportunity': { objectType: 'opportunity', kind: 'task' },
  'task.account': { objectType: 'account', kind: 'task' },
};

async function latestInteraction(trx: DB, linkTypes: { note: string; task: string }, targetId: string, completeOptionId: string | undefined): Promise<string | null> {
  const note = await trx
    .selectFrom('record_links')
    .innerJoin('records', 'records.id', 'record_links.source_id')
    .select((eb) => eb.fn.max('records.created_at').as('at'))
    .where('record_links.link_type', '=', linkTypes.note)
    .where('record_links.target_id', '=', targetId)
    .executeTakeFirst();
  const task = completeOptionId
    ? await trx
        .selectFrom('record_links')
        .innerJoin('records', 'records.id', 'record_links.source_id')
        .innerJoin('record_terms', (join) => join.onRef('record_terms.record_id', '=', 'records.id').on('record_terms.field_key', '=', '$status').on('record_terms.term_text', '=', completeOptionId))
        .select((eb) => eb.fn.max('records.created_at').as('at'))
        .where('record_links.link_type', '=', linkTypes.task)
        .where('record_links.target_id', '=', targetId)
        .executeTakeFirst()
    : undefined;
  const times = [note?.at, task?.at].filter((t): t is string => typeof t === 'string');
  return times.length ? times.sort().at(-1)! : null;
}

/**
 * Keeps `$lastInteractionAt` of the opportunities and accounts a note or task touches: the latest
 * `createdAt` among their linked notes and completed tasks, in the transaction of the write.
 */
export async function refreshLastInteraction(trx: DB, organizationId: string, touched: readonly RecordLinkRow[]): Promise<void> {
  const targets = new Map<string, 'opportunity' | 'account'>();
  for (const link of touched) {
    const interaction = INTERACTIONS[link.link_type];
    if (interaction) targets.set(link.target_id, interaction.objectType);
  }
  if (targets.size === 0) return;
  const taskDefs = await loadDefinitions(trx, organizationId, 'task');
  const complete = taskDefs.fields.find((f) => f.key === '$status')?.config.options?.find((o) => o.label === 'COMPLETE')?.id;
  for (const [targetId, objectType] of targets) {
    const row = await findRecord(trx, organizationId, objectType, targetId);
    if (!row) continue;
    const latest = await latestInteraction(trx, { note: `note.${objectType}`, task: `task.${objectType}` }, targetId, complete);
    const fields = parseStoredFields(row);
    if ((fields.$lastInteractionAt ?? null) === latest) continue;
    if (latest === null) delete fields.$lastInteractionAt;
    else fields.$lastInteractionAt = latest;
    // Derived, like $accountStatus: written in place without counting as the user's update.
    await updateRecordFields(trx, targetId, JSON.stringify(fields), row.updated_at);
    const defs = await loadDefinitions(trx, organizationId, objectType);
    const def = defs.fields.find((f) => f.key === '$lastInteractionAt');
    if (def) await indexField(trx, { organizationId, objectType, recordId: targetId }, def, latest);
  }
}
