import { compareLinks, selectLinksOf } from '../../storage/record-links.js';
import { findRecord } from '../../storage/records.js';
import type { RecordLinkRow, RecordRow, TrashedRecordRow } from '../../storage/schema.js';
import { findTrashed } from '../../storage/trash.js';
import { writeTransaction } from '../../storage/transactions.js';
import { loadDefinitions } from '../definitions/load.js';
import { DomainError } from '../errors.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordContext } from '../records/context.js';
import { presentRecords } from '../records/present.js';
import { notFound, type ReadContext } from '../records/read-records.js';
import { renderRecord, type RecordView } from '../records/render-record.js';
import { writeEnv } from '../records/write-env.js';
import { trashRecord } from './trash.js';

/** The official SDK sends `{}`; curl sends nothing. Anything else is a mistake worth naming. */
export function assertEmptyBody(body: unknown): void {
  if (body === undefined) return;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new DomainError('invalid_type', 'The request body must be empty or {}.', 'body');
  const [key] = Object.keys(body);
  if (key !== undefined) throw new DomainError('unknown_field', `'${key}' is not accepted here; the body must be empty or {}.`, key);
}

/** A trashed record as retrieve would have read it just before it was deleted. */
export async function readTrashed(ctx: ReadContext, type: ObjectTypeInfo, trashed: TrashedRecordRow): Promise<RecordView> {
  const defs = await loadDefinitions(ctx.db, ctx.organizationId, type.objectType);
  const { deleted_at: _d, links, memberships: _m, merge_id: _merge, ...row } = trashed;
  // Its links to records went into the trash with it; those to members and files stayed.
  const allLinks = [...(JSON.parse(links) as RecordLinkRow[]), ...(await selectLinksOf(ctx.db, [row.id]))].sort(compareLinks);
  const view = renderRecord(type, defs, row satisfies RecordRow, allLinks, ctx.settings);
  return (await presentRecords(type, { db: ctx.db, organizationId: ctx.organizationId, defs, views: [view], links: allLinks, readerId: ctx.memberId }))[0]!;
}

/** Moves a record to the trash and answers it as it was; a record already there is answered again. */
export async function deleteRecord(ctx: RecordContext, type: ObjectTypeInfo, id: string, body: unknown): Promise<RecordView> {
  assertEmptyBody(body);
  const { db, organizationId } = ctx;
  const trashed = await writeTransaction(db, organizationId, async (trx) => {
    const row = await findRecord(trx, organizationId, type.objectType, id);
    if (row) return trashRecord(trx, writeEnv(ctx), type, row);
    return findTrashed(trx, organizationId, type.objectType, id);
  });
  if (!trashed) throw notFound(type.collection);
  return readTrashed(ctx, type, trashed);
}
