import { findRecord } from '../../storage/records.js';
import { findTrashed } from '../../storage/trash.js';
import { writeTransaction } from '../../storage/transactions.js';
import { loadDefinitions } from '../definitions/load.js';
import { DomainError } from '../errors.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordContext } from '../records/context.js';
import { notFound, readRecord } from '../records/read-records.js';
import type { RecordView } from '../records/render-record.js';
import { writeEnv } from '../records/write-env.js';
import { assertEmptyBody } from './delete-record.js';
import { untrashRecord } from './trash.js';
import { findMerge } from '../../storage/merges.js';
import { canUndo } from './undo-merge.js';
import type { MergeSnapshot } from './merge-state.js';
import type { ListMemberRow, RecordLinkRow, TrashedRecordRow } from '../../storage/schema.js';
import { linkKey } from '../records/links.js';

/** A merged-away record's trash row without the links and lists its merge gave the primary. */
function withoutTaken(trashed: TrashedRecordRow, snapshot: MergeSnapshot): TrashedRecordRow {
  const taken = new Set(snapshot.taken.map(linkKey));
  const lists = new Set(snapshot.listsTaken);
  const links = (JSON.parse(trashed.links) as RecordLinkRow[]).filter((l) => !taken.has(linkKey(l)));
  const memberships = (JSON.parse(trashed.memberships) as ListMemberRow[]).filter((m) => !(m.record_id === trashed.id && lists.has(m.list_id)));
  return { ...trashed, links: JSON.stringify(links), memberships: JSON.stringify(memberships) };
}

/**
 * Brings a trashed record back with its links; a live record is answered as it is. A record a
 * merge trashed is brought back by undoing that merge; while the merge can still be undone,
 * restore refuses (409) and says so. Once it cannot, restore brings it back without the links and
 * lists its merge gave the primary, which keeps them.
 */
export async function restoreRecord(ctx: RecordContext, type: ObjectTypeInfo, id: string, body: unknown): Promise<RecordView> {
  assertEmptyBody(body);
  const { db, organizationId } = ctx;
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  return writeTransaction(db, organizationId, async (trx) => {
    const read = () => readRecord({ ...ctx, db: trx }, type, defs, id);
    if (await findRecord(trx, organizationId, type.objectType, id)) return read();
    const trashed = await findTrashed(trx, organizationId, type.objectType, id);
    if (!trashed) throw notFound(type.collection);
    const merge = trashed.merge_id === null ? undefined : await findMerge(trx, organizationId, trashed.merge_id);
    if (merge && (await canUndo(trx, type, merge))) {
      throw new DomainError('conflict', `${id} was merged away by ${merge.id}; undo that merge (POST /v1/merges/${merge.id}/undo) to bring it back with its links.`);
    }
    await untrashRecord(trx, writeEnv(ctx), type, merge ? withoutTaken(trashed, JSON.parse(merge.snapshot) as MergeSnapshot) : trashed, ctx.now.toISOString());
    return read();
  });
}
