import { isDeepStrictEqual } from 'node:util';
import type { DB } from '../../storage/database.js';
import { deleteLink, insertLinks } from '../../storage/record-links.js';
import { recordFieldChanges } from '../lifecycle/field-history.js';
import { assertNotLinkingTrashed } from '../lifecycle/trash-guard.js';
import { findRecord, findRecords, insertRecord, updateRecordFields } from '../../storage/records.js';
import type { RecordLinkRow, RecordRow } from '../../storage/schema.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { ObjectTypeInfo, StoredFields } from '../object-types/object-type.js';
import type { StoredValue } from '../values/value-type.js';
import type { RecordChange, WriteEnv, WriteOrigin } from './effects/effect.js';
import { enforceUnique, indexField, indexNewRecord } from './record-index.js';
import { parseStoredFields } from './render-record.js';

/** A checked write of one record, as the fields and links it asks for; nothing is written yet. */
export interface ProposedWrite {
  type: ObjectTypeInfo;
  defs: ObjectDefinitions;
  origin: WriteOrigin;
  recordId: string;
  /** The row as stored; undefined for a create. */
  row: RecordRow | undefined;
  /** The stored fields asked for, before the type derives its own from them. */
  fields: StoredFields;
  /** The record's links before an update; with the added ones, what effects see as touched. A create has none; a derived write reads none. */
  links?: readonly RecordLinkRow[];
  added?: readonly RecordLinkRow[];
  removed?: readonly RecordLinkRow[];
  /** Whether `updatedAt` moves: the API's writes, and derived fields that count as the record's update. */
  countsAsUpdate: boolean;
  /** A create's id at the provider it came from (a Slack channel's id): unique in its type and organization. */
  externalId?: string;
}

/** `fields` with `values` written over them: null clears a field. */
export function withValues(fields: StoredFields, values: Iterable<readonly [string, StoredValue]>): StoredFields {
  const next = { ...fields };
  for (const [key, value] of values) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * The one place a validated write becomes rows, inside the caller's transaction: the type derives
 * its own fields, the record row, its index terms, unique claims and links are written, then the
 * type's after-write effects run (registry.ts). Returns the change, or undefined when the write
 * changes nothing (then nothing is written and `updatedAt` stays).
 */
export async function applyWrite(trx: DB, env: WriteEnv, write: ProposedWrite): Promise<RecordChange | undefined> {
  const { type, defs, recordId, row: stored } = write;
  const before = stored ? parseStoredFields(stored) : undefined;
  const after: StoredFields = { ...write.fields };
  type.derive?.(defs, before, after, env.now);
  const changedFields = defs.fields.filter((def) => !isDeepStrictEqual(before?.[def.key], after[def.key]));
  const added = write.added ?? [];
  const removed = write.removed ?? [];
  if (stored && changedFields.length === 0 && added.length === 0 && removed.length === 0) return undefined;

  const at = env.now.toISOString();
  const scope = { organizationId: env.organizationId, objectType: type.objectType, recordId };
  let row: RecordRow;
  if (!stored) {
    row = { id: recordId, organization_id: env.organizationId, object_type: type.objectType, fields: JSON.stringify(after), external_id: write.externalId ?? null, created_at: at, updated_at: at };
    await insertRecord(trx, row);
    const values = changedFields.map((def) => ({ def, value: after[def.key]! }));
    await indexNewRecord(trx, scope, defs, values);
    for (const { def, value } of values) await enforceUnique(trx, scope, def, value, { fresh: true });
  } else {
    row = { ...stored, fields: JSON.stringify(after), updated_at: write.countsAsUpdate ? at : stored.updated_at };
    await updateRecordFields(trx, recordId, row.fields, row.updated_at);
    for (const def of changedFields) {
      await indexField(trx, scope, def, after[def.key] ?? null);
      await enforceUnique(trx, scope, def, after[def.key] ?? null);
    }
  }
  if (write.origin === 'create' || write.origin === 'update') await assertNotLinkingTrashed(trx, env.organizationId, defs, recordId, added);
  for (const link of removed) await deleteLink(trx, link.link_type, link.source_id, link.target_id);
  await insertLinks(trx, added);
  await recordFieldChanges(trx, env, recordId, changedFields.map((def) => [def.key, after[def.key] ?? null] as const), { isCreate: !stored });

  const touched = [...(write.links ?? []), ...added];
  const change: RecordChange = { type, defs, origin: write.origin, row, before, after, changedFields, added, removed, touched };
  await runEffects(trx, env, change);
  return change;
}

/** Runs the type's after-write effects over a change, in order: every write's, and a trash move's (lifecycle/trash.ts). */
export async function runEffects(trx: DB, env: WriteEnv, change: RecordChange): Promise<void> {
  for (const effect of change.type.effects) await effect.apply(trx, change, env);
}

/**
 * The system's write of fields it derives (a status, `$lastInteractionAt`, a summary) on a record
 * of `type`, through the same path as the API's writes. `null` clears a field; keys the type does
 * not define are ignored. Nothing happens when the record is gone or the values are already so.
 */
export async function writeDerivedFields(
  trx: DB,
  env: WriteEnv,
  type: ObjectTypeInfo,
  recordId: string,
  values: Readonly<Record<string, StoredValue>>,
  options: { countsAsUpdate: boolean },
): Promise<RecordChange | undefined> {
  const row = await findRecord(trx, env.organizationId, type.objectType, recordId);
  if (!row) return undefined;
  const stored = parseStoredFields(row);
  // Most derived writes find the value already so (a status that did not move): stop before anything else is read.
  if (Object.entries(values).every(([key, value]) => isDeepStrictEqual(stored[key] ?? null, value))) return undefined;
  const defs = await env.definitionsOf(trx, type.objectType);
  const fields = withValues(stored, Object.entries(values).filter(([key]) => defs.fields.some((def) => def.key === key)));
  return applyWrite(trx, env, { type, defs, origin: 'derived', recordId, row, fields, countsAsUpdate: options.countsAsUpdate });
}

/**
 * Derives the derived fields of these records again, after what they derive from changed outside
 * them (a stage option now counts as won). Their `updatedAt` stays.
 */
export async function rederiveRecords(trx: DB, env: WriteEnv, type: ObjectTypeInfo, recordIds: readonly string[]): Promise<void> {
  if (!type.derive) return;
  const defs = await env.definitionsOf(trx, type.objectType);
  for (const row of await findRecords(trx, env.organizationId, recordIds)) {
    if (row.object_type !== type.objectType) continue;
    await applyWrite(trx, env, { type, defs, origin: 'derived', recordId: row.id, row, fields: parseStoredFields(row), countsAsUpdate: false });
  }
}
