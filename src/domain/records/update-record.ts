import { selectLinksOf } from '../../storage/record-links.js';
import { findRecord } from '../../storage/records.js';
import type { RecordLinkRow, RecordRow } from '../../storage/schema.js';
import type { DB } from '../../storage/database.js';
import { writeTransaction } from '../../storage/transactions.js';
import { loadDefinitions } from '../definitions/load.js';
import type { ObjectDefinitions, RelationshipDefinition } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordContext } from './context.js';
import { assertInverseHasOne, linkedIds, linkRow } from './links.js';
import { notFound, readRecord } from './read-records.js';
import type { RelationshipOps } from './relationship-input.js';
import { parseStoredFields, type RecordView } from './render-record.js';
import { validateWrite, type ValidatedWrite } from './validate-write.js';
import { writeEnv } from './write-env.js';
import { applyWrite, withValues } from './write-path.js';

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

/**
 * A validated update's rows, in the caller's transaction, over the record as stored; `more` are
 * links the caller's type keeps itself, changed alongside.
 */
export async function applyUpdate(
  trx: DB,
  ctx: RecordContext,
  type: ObjectTypeInfo,
  defs: ObjectDefinitions,
  row: RecordRow,
  write: ValidatedWrite,
  more: { added: readonly RecordLinkRow[]; removed: readonly RecordLinkRow[] } = { added: [], removed: [] },
): Promise<void> {
  const { organizationId } = ctx;
  const id = row.id;
  const at = ctx.now.toISOString();
  const fields = withValues(parseStoredFields(row), write.fields.map(({ def, value }) => [def.key, value] as const));
  const links = await selectLinksOf(trx, [id]);
  const added: RecordLinkRow[] = [...more.added];
  const removed: RecordLinkRow[] = [...more.removed];
  for (const { def, ops } of write.relationships) {
    const current = linkedIds(def, id, links);
    const next = applyOps(def, current, ops);
    const linked = next.filter((other) => !current.includes(other)).map((other) => linkRow(organizationId, def, id, other, at));
    await assertInverseHasOne(trx, organizationId, def, linked);
    added.push(...linked);
    for (const other of current) if (!next.includes(other)) removed.push(linkRow(organizationId, def, id, other, at));
  }
  await applyWrite(trx, writeEnv(ctx), { type, defs, origin: 'update', recordId: id, row, fields, links, added, removed, countsAsUpdate: true });
}

export async function updateRecord(ctx: RecordContext, type: ObjectTypeInfo, id: string, body: unknown): Promise<RecordView> {
  const { db, organizationId } = ctx;
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  if (!(await findRecord(db, organizationId, type.objectType, id))) throw notFound(type.collection);
  const write = await validateWrite({ db, organizationId, defs, collection: type.collection, mode: 'update', body, defaultRegion: ctx.settings.defaultRegion, objectTypes: ctx.objectTypes });

  // Read back inside the transaction: a delete right after must not turn this update's answer into a 404.
  return writeTransaction(db, organizationId, async (trx) => {
    const row = await findRecord(trx, organizationId, type.objectType, id);
    if (!row) throw notFound(type.collection);
    await applyUpdate(trx, ctx, type, defs, row, write);
    return readRecord({ ...ctx, db: trx }, type, defs, id);
  });
}
