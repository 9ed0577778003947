import { isDeepStrictEqual } from 'node:util';
import { deleteLink, insertLinks, selectLinksOf } from '../../storage/record-links.js';
import { findRecord, updateRecordFields } from '../../storage/records.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { enqueueSummaries, staleSummaries } from '../../jobs/summary-triggers.js';
import { loadDefinitions } from '../definitions/load.js';
import type { RelationshipDefinition } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import type { ObjectTypeInfo } from '../objects.js';
import type { StoredValue } from '../values/value-type.js';
import type { RecordContext } from './context.js';
import { deriveStoredFields, refreshAccountStatuses } from './derived-fields.js';
import { refreshLastInteraction } from './last-interaction.js';
import { assertInverseHasOne, linkRow } from './links.js';
import { notFound, readRecord } from './read-records.js';
import { enforceUnique, indexField } from './record-index.js';
import type { RelationshipOps } from './relationship-input.js';
import { linkedIds, parseStoredFields, type RecordView } from './render-record.js';
import { validateWrite } from './validate-write.js';

/** replace, then remove, then add: the order api-conventions.md gives. */
function applyOps(def: RelationshipDefinition, current: readonly string[], ops: RelationshipOps): string[] {
  let next = ops.replace === undefined ? [...current] : [...(ops.replace ?? [])];
  next = next.filter((id) => !ops.remove.includes(id));
  for (const id of ops.add) {
    if (next.includes(id)) continue;
    if (def.cardinality === 'HAS_ONE' && next.length > 0) {
      throw new DomainError(
        'invalid_type',
        `Relationship '${def.key}' already holds ${next[0]}; use 'replace' to change it.`,
        `relationships.${def.key}`,
      );
    }
    next.push(id);
  }
  if (def.required && next.length === 0) {
    throw new DomainError('invalid_value', `Relationship '${def.key}' is required and cannot be cleared.`, `relationships.${def.key}`);
  }
  return next;
}

export async function updateRecord(ctx: RecordContext, type: ObjectTypeInfo, id: string, body: unknown): Promise<RecordView> {
  const { db, organizationId } = ctx;
  const { objectType } = type;
  const defs = await loadDefinitions(db, organizationId, objectType);
  if (!(await findRecord(db, organizationId, objectType, id))) throw notFound(type.collection);
  const write = await validateWrite({ db, organizationId, defs, collection: type.collection, mode: 'update', body, defaultRegion: ctx.settings.defaultRegion });
  const at = ctx.now.toISOString();

  await writeTransaction(db, organizationId, async (trx) => {
    const row = await findRecord(trx, organizationId, objectType, id);
    if (!row) throw notFound(type.collection);
    const before = parseStoredFields(row);
    const stored: Record<string, StoredValue> = { ...before };
    for (const { def, value } of write.fields) {
      if (value === null) delete stored[def.key];
      else stored[def.key] = value;
    }
    deriveStoredFields(objectType, defs, before, stored, ctx.now);
    const changedFields = defs.fields.filter((def) => !isDeepStrictEqual(before[def.key], stored[def.key]));

    const links = await selectLinksOf(trx, [id]);
    const added: RecordLinkRow[] = [];
    const removed: RecordLinkRow[] = [];
    for (const { def, ops } of write.relationships) {
      const current = linkedIds(def, id, links);
      const next = applyOps(def, current, ops);
      const linked = next.filter((other) => !current.includes(other)).map((other) => linkRow(organizationId, def, id, other, at));
      await assertInverseHasOne(trx, organizationId, def, linked);
      added.push(...linked);
      for (const other of current) if (!next.includes(other)) removed.push(linkRow(organizationId, def, id, other, at));
    }
    // Nothing changed: no write, and updatedAt stays.
    if (changedFields.length === 0 && added.length === 0 && removed.length === 0) return;

    await updateRecordFields(trx, id, JSON.stringify(stored), at);
    const scope = { organizationId, objectType, recordId: id };
    for (const def of changedFields) {
      await indexField(trx, scope, def, stored[def.key] ?? null);
      await enforceUnique(trx, scope, def, stored[def.key] ?? null);
    }
    for (const link of removed) await deleteLink(trx, link.link_type, link.source_id, link.target_id);
    await insertLinks(trx, added);

    if (objectType === 'opportunity') {
      const accountLinks = [...links, ...added].filter((l) => l.link_type === 'opportunity.account' && l.source_id === id);
      await refreshAccountStatuses(trx, organizationId, accountLinks.map((l) => l.target_id), ctx.now);
    }
    await refreshLastInteraction(trx, organizationId, [...links, ...added]);
    const stale = await staleSummaries(trx, objectType, id, [...links, ...added]);
    // Enqueued whether or not the caller collects run ids (optional chaining would skip the call).
    const runs = await enqueueSummaries(trx, organizationId, stale, ctx.now, ctx.settings.jobs);
    ctx.workflowRuns?.push(...runs);
  });
  return readRecord(ctx, type, defs, id);
}
