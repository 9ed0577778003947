import { selectFieldDefinitions, updateFieldDefinition } from '../../storage/definitions.js';
import { writeTransaction } from '../../storage/transactions.js';
import { recordsWithTextTerms } from '../../storage/record-terms.js';
import type { RecordContext } from '../records/context.js';
import { writeEnv } from '../records/write-env.js';
import { rederiveRecords } from '../records/write-path.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { ObjectTypeInfo } from '../objects.js';
import type { OptionStatus, SelectOption } from '../values/value-type.js';
import { toFieldDefinition } from './load.js';
import { assertOptionCount, assertOptionLabelLength, assertStoredOptionCount } from './option-limits.js';
import type { FieldDefinition } from './types.js';

export interface FieldChanges {
  label?: unknown;
  description?: unknown;
  typeConfiguration?: unknown;
}

const STATUSES: readonly OptionStatus[] = ['OPEN', 'WON', 'LOST'];

/**
 * The new option list: entries with an `id` rename (or re-status) that option, entries without
 * one are added, and options left out are archived — existing values keep reading them.
 */
function mergeOptions(current: readonly SelectOption[], raw: unknown, withStatus: boolean, at: number): SelectOption[] {
  const param = 'typeConfiguration.options';
  if (!Array.isArray(raw) || raw.length === 0) throw new DomainError('invalid_configuration', "'options' must be a non-empty array.", param);
  assertOptionCount(raw, param);
  const byId = new Map(current.map((o) => [o.id, o]));
  const kept = new Map<string, SelectOption>();
  const labels = new Set<string>();
  raw.forEach((entry, i) => {
    const p = `${param}[${i}]`;
    const input = typeof entry === 'string' ? { label: entry } : entry;
    if (typeof input !== 'object' || input === null) throw new DomainError('invalid_configuration', 'Each option is a label or an object.', p);
    const { id, label, status } = input as { id?: unknown; label?: unknown; status?: unknown };
    if (typeof label !== 'string' || label.trim() === '') throw new DomainError('invalid_configuration', 'Every option needs a non-empty label.', p);
    assertOptionLabelLength(label.trim(), p);
    if (labels.has(label.trim().toLowerCase())) throw new DomainError('invalid_configuration', `Option '${label.trim()}' is listed twice.`, p);
    labels.add(label.trim().toLowerCase());
    const existing = typeof id === 'string' ? byId.get(id) : undefined;
    if (id !== undefined && !existing) throw new DomainError('invalid_configuration', `This field has no option '${String(id)}'.`, `${p}.id`);
    if (status !== undefined && (!withStatus || !STATUSES.includes(status as OptionStatus))) {
      throw new DomainError('invalid_configuration', withStatus ? "'status' must be OPEN, WON or LOST." : 'Only stage options carry a status.', `${p}.status`);
    }
    const option: SelectOption = { id: existing?.id ?? newId('opt', at), label: label.trim() };
    const resolvedStatus = (status as OptionStatus | undefined) ?? existing?.status ?? (withStatus ? 'OPEN' : undefined);
    if (resolvedStatus) option.status = resolvedStatus;
    kept.set(option.id, option);
  });
  const archived = current.filter((o) => !kept.has(o.id)).map((o) => ({ ...o, archived: true }));
  assertStoredOptionCount(kept.size + archived.length, param);
  return [...kept.values(), ...archived];
}

/** Changes a field's label, description or options, online. Its key and value type never change. */
export async function updateField(ctx: RecordContext, type: ObjectTypeInfo, key: string, changes: FieldChanges): Promise<FieldDefinition> {
  const { db, organizationId, now } = ctx;
  const { objectType } = type;
  const row = (await selectFieldDefinitions(db, organizationId, objectType)).find((f) => f.key === key);
  if (!row) throw new DomainError('not_found', `No field '${key}' on ${objectType}.`);
  const def = toFieldDefinition(row);
  const update: { label?: string; description?: string | null; config?: string } = {};
  if (changes.label !== undefined) {
    if (typeof changes.label !== 'string' || changes.label.trim() === '') throw new DomainError('invalid_type', "'label' must be a non-empty string.", 'label');
    update.label = changes.label.trim();
  }
  if (changes.description !== undefined) {
    if (changes.description !== null && typeof changes.description !== 'string') throw new DomainError('invalid_type', "'description' must be a string or null.", 'description');
    update.description = changes.description;
  }
  if (changes.typeConfiguration !== undefined) {
    const input = changes.typeConfiguration as Record<string, unknown> | null;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new DomainError('invalid_type', "'typeConfiguration' must be an object.", 'typeConfiguration');
    if (def.access === 'read-only') {
      throw new DomainError('invalid_configuration', `The options of '${key}' are kept by fieldhouse and cannot be changed.`, 'typeConfiguration');
    }
    for (const k of Object.keys(input)) {
      if (k !== 'options' || !def.config.options) throw new DomainError('invalid_configuration', `'${k}' cannot be changed on this field.`, `typeConfiguration.${k}`);
    }
    const withStatus = def.config.options?.some((o) => o.status !== undefined) ?? false;
    update.config = JSON.stringify({ ...def.config, options: mergeOptions(def.config.options ?? [], input.options, withStatus, now.getTime()) });
  }
  const updated = toFieldDefinition({ ...row, ...update });
  // Options whose status changed (a stage that now counts as won) move what records in them derive.
  const restatused = (updated.config.options ?? []).filter((o) => {
    const old = def.config.options?.find((p) => p.id === o.id);
    return old !== undefined && old.status !== o.status;
  });
  if (Object.keys(update).length > 0) {
    await writeTransaction(db, organizationId, async (trx) => {
      await updateFieldDefinition(trx, row, update);
      if (restatused.length === 0) return;
      const affected = await recordsWithTextTerms(trx, organizationId, objectType, key, restatused.map((o) => o.id));
      await rederiveRecords(trx, writeEnv(ctx), type, affected);
    });
  }
  return updated;
}
