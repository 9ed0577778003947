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

/**
 * Brings a trashed record back with its links; a live record is answered as it is. A record a
 * merge trashed is brought back by undoing that merge; while the merge can still be undone,
 * restore refuses (409) and says so. Once it cannot, restore brings back its fields alone: its
 * links and lists went to the primary, which keeps them.
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
    if (trashed.merge_id !== null) {
      const merge = await findMerge(trx, organizationId, trashed.merge_id);
      if (merge && (await canUndo(trx, type, merge))) {
        throw new DomainError('conflict', `${id} was merged away by ${trashed.merge_id}; undo that merge (POST /v1/merges/${trashed.merge_id}/undo) to bring it back with its links.`);
      }
    }
    const own = trashed.merge_id === null ? trashed : { ...trashed, links: '[]', memberships: '[]' };
    await untrashRecord(trx, writeEnv(ctx), type, own, ctx.now.toISOString());
    return read();
  });
}
