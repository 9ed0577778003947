import { ACCOUNT_STATUS_LABELS, OPPORTUNITY_STATUS_LABELS } from '../definitions/system-definitions.js';
import type { FieldDefinition, ObjectDefinitions } from '../definitions/types.js';
import type { DeriveStoredFields } from '../object-types/object-type.js';
import type { OptionStatus, StoredValue } from '../values/value-type.js';

function optionIdByLabel(def: FieldDefinition | undefined, label: string): string | undefined {
  return def?.config.options?.find((o) => o.label === label)?.id;
}

function field(defs: ObjectDefinitions, key: string): FieldDefinition | undefined {
  return defs.fields.find((f) => f.key === key);
}

function optionLabel(defs: ObjectDefinitions, key: string, id: StoredValue | undefined): string | undefined {
  return field(defs, key)?.config.options?.find((o) => o.id === id)?.label;
}

/** OPEN, WON or LOST of each stage option id, as the opportunity definitions say. */
export function stageStatuses(opportunityDefs: ObjectDefinitions, stageIds: readonly string[]): Array<OptionStatus | undefined> {
  const options = field(opportunityDefs, '$stage')?.config.options ?? [];
  return stageIds.map((id) => options.find((o) => o.id === id)?.status);
}

/** OPEN, WON or LOST: what an opportunity's stage option says. */
export function stageStatus(defs: ObjectDefinitions, stored: Record<string, StoredValue>): OptionStatus | undefined {
  return typeof stored.$stage === 'string' ? stageStatuses(defs, [stored.$stage])[0] : undefined;
}

/** `$accountStatus` from the statuses of the account's opportunities: a customer once one is won. */
export function accountStatusOptionId(defs: ObjectDefinitions, statuses: readonly (OptionStatus | undefined)[]): string | undefined {
  const label = statuses.includes('WON')
    ? ACCOUNT_STATUS_LABELS.customer
    : statuses.includes('OPEN')
      ? ACCOUNT_STATUS_LABELS.pipeline
      : ACCOUNT_STATUS_LABELS.prospect;
  return optionIdByLabel(field(defs, '$accountStatus'), label);
}

/** `$opportunityStatus` mirrors the status of the opportunity's stage option. */
export const deriveOpportunityFields: DeriveStoredFields = (defs, _before, stored) => {
  const status = stageStatus(defs, stored);
  const id = status ? optionIdByLabel(field(defs, '$opportunityStatus'), OPPORTUNITY_STATUS_LABELS[status]) : undefined;
  if (id) stored.$opportunityStatus = id;
  else delete stored.$opportunityStatus;
};

/** `$completedAt` is set when a task's status becomes COMPLETE, and cleared when it leaves it. */
export const deriveTaskFields: DeriveStoredFields = (defs, before, stored, now) => {
  if (optionLabel(defs, '$status', stored.$status) !== 'COMPLETE') {
    delete stored.$completedAt;
  } else if (!before || optionLabel(defs, '$status', before.$status) !== 'COMPLETE' || stored.$completedAt === undefined) {
    stored.$completedAt = now.toISOString();
  }
};

/** A new account is a prospect until it has opportunities (the account-status effect keeps it after). */
export const deriveAccountFields: DeriveStoredFields = (defs, before, stored) => {
  if (before) return;
  const prospect = accountStatusOptionId(defs, []);
  if (prospect) stored.$accountStatus = prospect;
};
