import type { DB } from '../../storage/database.js';
import { findRecords, updateRecordFields } from '../../storage/records.js';
import { linkedSourceTerms } from '../../storage/record-links.js';
import { loadDefinitions } from '../definitions/load.js';
import { ACCOUNT_STATUS_LABELS, OPPORTUNITY_STATUS_LABELS } from '../definitions/system-definitions.js';
import type { FieldDefinition, ObjectDefinitions } from '../definitions/types.js';
import type { OptionStatus, StoredValue } from '../values/value-type.js';
import { parseStoredFields } from './render-record.js';
import { indexField } from './record-index.js';

function optionIdByLabel(def: FieldDefinition | undefined, label: string): string | undefined {
  return def?.config.options?.find((o) => o.label === label)?.id;
}

function field(defs: ObjectDefinitions, key: string): FieldDefinition | undefined {
  return defs.fields.find((f) => f.key === key);
}

/** OPEN, WON or LOST: what the opportunity's stage option says. */
export function stageStatus(defs: ObjectDefinitions, stored: Record<string, StoredValue>): OptionStatus | undefined {
  const stage = stored.$stage;
  return field(defs, '$stage')?.config.options?.find((o) => o.id === stage)?.status;
}

/** Sets `$opportunityStatus` from `$stage` on the stored fields of an opportunity. */
export function deriveOpportunityStatus(defs: ObjectDefinitions, stored: Record<string, StoredValue>): void {
  const status = stageStatus(defs, stored);
  const id = status ? optionIdByLabel(field(defs, '$opportunityStatus'), OPPORTUNITY_STATUS_LABELS[status]) : undefined;
  if (id) stored.$opportunityStatus = id;
  else delete stored.$opportunityStatus;
}

export function accountStatusOptionId(defs: ObjectDefinitions, statuses: readonly (OptionStatus | undefined)[]): string | undefined {
  const label = statuses.includes('WON')
    ? ACCOUNT_STATUS_LABELS.customer
    : statuses.includes('OPEN')
      ? ACCOUNT_STATUS_LABELS.pipeline
      : ACCOUNT_STATUS_LABELS.prospect;
  return optionIdByLabel(field(defs, '$accountStatus'), label);
}

function optionLabel(defs: ObjectDefinitions, key: string, id: StoredValue | undefined): string | undefined {
  return field(defs, key)?.config.options?.find((o) => o.id === id)?.label;
}

/** `$completedAt` is set when a task's status becomes COMPLETE, and cleared when it leaves it. */
function deriveTaskCompletion(defs: ObjectDefinitions, before: Record<string, StoredValue> | undefined, stored: Record<string, StoredValue>, now: Date): void {
  if (optionLabel(defs, '$status', stored.$status) !== 'COMPLETE') {
    delete stored.$completedAt;
  } else if (!before || optionLabel(defs, '$status', before.$status) !== 'COMPLETE' || stored.$completedAt === undefined) {
    stored.$completedAt = now.toISOString();
  }
}

/**
 * Fields the server keeps, derived from the others: applied to the stored fields of a record
 * being created (`before` undefined) or updated, before they are written.
 */
export function deriveStoredFields(
  objectType: string,
  defs: ObjectDefinitions,
  before: Record<string, StoredValue> | undefined,
  stored: Record<string, StoredValue>,
  now: Date,
): void {
  if (objectType === 'opportunity') deriveOpportunityStatus(defs, stored);
  if (objectType === 'task') deriveTaskCompletion(defs, before, stored, now);
  if (objectType === 'account' && !before) {
    const prospect = accountStatusOptionId(defs, []);
    if (prospect) stored.$accountStatus = prospect;
  }
}

/**
 * Recomputes `$accountStatus` of each account from its opportunities, inside the transaction
 * of the write that may have changed it. An account whose status changes counts as updated.
 */
export async function refreshAccountStatuses(trx: DB, organizationId: string, accountIds: readonly string[], now: Date): Promise<void> {
  if (accountIds.length === 0) return;
  const [accountDefs, opportunityDefs] = await Promise.all([
    loadDefinitions(trx, organizationId, 'account'),
    loadDefinitions(trx, organizationId, 'opportunity'),
  ]);
  const statusDef = field(accountDefs, '$accountStatus');
  const stageOptions = field(opportunityDefs, '$stage')?.config.options ?? [];
  for (const account of await findRecords(trx, organizationId, [...new Set(accountIds)])) {
    const stages = await linkedSourceTerms(trx, 'opportunity.account', account.id, '$stage');
    const status = accountStatusOptionId(
      accountDefs,
      stages.map((id) => stageOptions.find((o) => o.id === id)?.status),
    );
    const stored = parseStoredFields(account);
    if (!status || stored.$accountStatus === status || !statusDef) continue;
    stored.$accountStatus = status;
    await updateRecordFields(trx, account.id, JSON.stringify(stored), now.toISOString());
    await indexField(trx, { organizationId, objectType: 'account', recordId: account.id }, statusDef, status);
  }
}
