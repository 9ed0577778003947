import { deleteListMember } from '../../storage/list-members.js';
import { findMerge, setMergeStatus } from '../../storage/merges.js';
import type { DB } from '../../storage/database.js';
import type { MergeRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { updateRecordFields } from '../../storage/records.js';
import { DomainError } from '../errors.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordContext } from '../records/context.js';
import { notFound, readRecord } from '../records/read-records.js';
import type { RecordView } from '../records/render-record.js';
import { writeEnv } from '../records/write-env.js';
import { applyWrite } from '../records/write-path.js';
import { loadDefinitions } from '../definitions/load.js';
import { parseStoredFields } from '../records/render-record.js';
import { readState, serverKeptFields, stateKey, type MergeSnapshot } from './merge-state.js';
import { insertLinks } from '../../storage/record-links.js';
import { liveRecordIds } from '../../storage/records.js';
import { findTrashed, findTrashedByIds } from '../../storage/trash.js';
import { runMovedLinkEffects } from './moved-links.js';
import { untrashRecord } from './trash.js';
import { linkKey, otherId } from '../records/links.js';

export interface MergeView {
  id: string;
  createdAt: string;
  updatedAt: string;
  primaryId: string;
  duplicateId: string;
  entityType: string;
  status: string;
}

export function mergeView(row: MergeRow): MergeView {
  return { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, primaryId: row.primary_id, duplicateId: row.duplicate_id, entityType: row.object_type, status: row.status };
}

/** The merge, or the public API's 404 for an id that is not one of this organization's. */
export async function findMergeOrFail(ctx: Pick<RecordContext, 'db' | 'organizationId'>, id: string): Promise<MergeRow> {
  const row = await findMerge(ctx.db, ctx.organizationId, id);
  if (!row) throw notFound('merges');
  return row;
}

export interface UndoResult {
  merge: { id: string; status: 'undone' };
  primary: RecordView;
  duplicate: RecordView;
}

/** Whether a merge could be undone now: done, its duplicate still in the trash by it, its primary as the merge left it. */
export async function canUndo(trx: DB, type: ObjectTypeInfo, merge: MergeRow): Promise<boolean> {
  return (await undoState(trx, type, merge)) !== undefined;
}

async function undoState(trx: DB, type: ObjectTypeInfo, merge: MergeRow) {
  if (merge.status !== 'done') return undefined;
  const snapshot = JSON.parse(merge.snapshot) as MergeSnapshot;
  const defs = await loadDefinitions(trx, merge.organization_id, type.objectType);
  const primary = await readState(trx, merge.organization_id, type.objectType, merge.primary_id);
  const trashed = await findTrashed(trx, merge.organization_id, type.objectType, merge.duplicate_id);
  if (!primary || !trashed || trashed.merge_id !== merge.id || stateKey(primary, serverKeptFields(defs)) !== snapshot.primaryAfter) return undefined;
  return { snapshot, primary, trashed };
}

/**
 * Puts both records of a merge back as they were before it, in one transaction: the primary's
 * fields, `updatedAt`, links and lists, the duplicate out of the trash with its own, and every
 * record that was repointed pointing at the duplicate again. Only while the primary is as the
 * merge left it and the duplicate is still in the trash; else 409 and nothing changes.
 */
export async function undoMerge(ctx: RecordContext, type: ObjectTypeInfo, merge: MergeRow): Promise<UndoResult> {
  const { db, organizationId } = ctx;
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  return writeTransaction(db, organizationId, async (trx) => {
    const current = await findMergeOrFail({ db: trx, organizationId }, merge.id);
    if (current.status !== 'done') throw new DomainError('conflict', `Merge ${merge.id} is ${current.status}; only a merge that is done can be undone.`);
    const state = await undoState(trx, type, current);
    if (!state) {
      throw new DomainError('conflict', `The records of merge ${merge.id} have been updated, deleted or restored since it was made; it can no longer be undone.`);
    }
    const { snapshot, primary, trashed } = state;
    const env = writeEnv(ctx);
    const before = new Set(snapshot.primary.links.map(linkKey));
    const taken = primary.links.filter((l) => !before.has(linkKey(l)));
    await applyWrite(trx, env, {
      type,
      defs,
      origin: 'update',
      recordId: primary.row.id,
      row: primary.row,
      fields: parseStoredFields(snapshot.primary.row),
      links: primary.links,
      added: [],
      removed: taken,
      countsAsUpdate: false,
    });
    await updateRecordFields(trx, primary.row.id, snapshot.primary.row.fields, snapshot.primary.row.updated_at);
    const ownLists = new Set(snapshot.primary.memberships.map((m) => m.list_id));
    for (const m of primary.memberships) if (m.record_id === primary.row.id && !ownLists.has(m.list_id)) await deleteListMember(trx, m.list_id, m.record_id);
    const back = await untrashRecord(trx, env, type, trashed, snapshot.duplicate.row.updated_at);
    // Its links to members and files (an owner the primary took) were not in the trash row.
    const others = snapshot.duplicate.links.map((l) => otherId(trashed.id, l));
    const records = new Set([...(await liveRecordIds(trx, organizationId, others)), ...(await findTrashedByIds(trx, organizationId, others)).map((r) => r.id)]);
    await insertLinks(trx, snapshot.duplicate.links.filter((l) => !records.has(otherId(trashed.id, l))));
    await runMovedLinkEffects(trx, env, [primary.row.id, trashed.id], taken, back);
    await setMergeStatus(trx, merge.id, 'undone', ctx.now.toISOString());
    const read = { ...ctx, db: trx };
    return {
      merge: { id: merge.id, status: 'undone' as const },
      primary: await readRecord(read, type, defs, merge.primary_id),
      duplicate: await readRecord(read, type, defs, merge.duplicate_id),
    };
  });
}
