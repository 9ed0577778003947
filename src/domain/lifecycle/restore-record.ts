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

/**
 * Brings a trashed record back with its links; a live record is answered as it is. A record a
 * merge trashed comes back only by undoing that merge: its links now belong to the primary.
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
      throw new DomainError('conflict', `${id} was merged away by ${trashed.merge_id}; undo that merge (POST /v1/merges/${trashed.merge_id}/undo) to bring it back.`);
    }
    await untrashRecord(trx, writeEnv(ctx), type, trashed, ctx.now.toISOString());
    return read();
  });
}
