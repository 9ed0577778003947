import { isDeepStrictEqual } from 'node:util';
import type { DB } from '../../storage/database.js';
import { addListMembers } from '../../storage/list-members.js';
import { insertMerge } from '../../storage/merges.js';
import { updateRecordFields } from '../../storage/records.js';
import { writeTransaction } from '../../storage/transactions.js';
import { loadDefinitions } from '../definitions/load.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordContext } from '../records/context.js';
import { linkedIds } from '../records/links.js';
import { readRecord } from '../records/read-records.js';
import { parseStoredFields, type RecordView } from '../records/render-record.js';
import { writeEnv } from '../records/write-env.js';
import { applyWrite } from '../records/write-path.js';
import { parseMergeBody } from './merge-body.js';
import { mergedFields, repointLinks } from './merge-plan.js';
import { readState, serverKeptFields, stateKey, type MergeSnapshot, type RecordState } from './merge-state.js';
import { deleteLinks } from '../../storage/record-links.js';
import { runMovedLinkEffects } from './moved-links.js';
import { trashRecord } from './trash.js';

export interface MergeResult {
  merge: { id: string; status: 'done' | 'dry_run' };
  primary: RecordView;
  summary: { fieldWriteCount: number; syncRepointedCount: number; warnings: string[] };
}

/** Thrown to roll a dry run's transaction back once its answer is known. */
class DryRunRollback extends Error {
  constructor(readonly result: MergeResult) {
    super('dry run');
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return isDeepStrictEqual([...a].sort(), [...b].sort());
}

async function statesOf(trx: DB, ctx: RecordContext, type: ObjectTypeInfo, primaryId: string, duplicateId: string): Promise<[RecordState, RecordState]> {
  const found = async (id: string, param: string) => {
    const state = await readState(trx, ctx.organizationId, type.objectType, id);
    if (!state) throw new DomainError('relationship_entity_missing', `No ${type.label.toLowerCase()} with id '${id}' to merge.`, param);
    return state;
  };
  return [await found(primaryId, 'primaryId'), await found(duplicateId, 'duplicateId')];
}

/**
 * Merges the duplicate into the primary in one transaction: the primary takes the resolved
 * fields and every link and list membership of the duplicate, every record that pointed at the
 * duplicate now points at the primary, and the duplicate goes to the trash. The merge keeps both
 * records as they were, for its undo. A dry run answers the same and writes nothing.
 */
export async function mergeRecords(ctx: RecordContext, type: ObjectTypeInfo, body: unknown): Promise<MergeResult> {
  const { db, organizationId } = ctx;
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  const request = await parseMergeBody({ db, organizationId, defaultRegion: ctx.settings.defaultRegion, collection: type.collection }, defs, body);
  const mergeId = newId('mrg', ctx.now.getTime());
  const at = ctx.now.toISOString();
  try {
    return await writeTransaction(db, organizationId, async (trx) => {
      // A dry run's queued summaries roll back with it: the answer must not name them.
      const env = writeEnv(request.dryRun ? { ...ctx, workflowRuns: [] } : ctx);
      const [primary, duplicate] = await statesOf(trx, ctx, type, request.primaryId, request.duplicateId);
      const within = type.lifecycle?.mergeWithin;
      if (within && !sameIds(linkedIds(within, primary.row.id, primary.links), linkedIds(within, duplicate.row.id, duplicate.links))) {
        throw new DomainError('invalid_value', `Only ${type.collection} of the same account can be merged.`, 'duplicateId');
      }
      const { fields, warnings: valueWarnings } = mergedFields(defs, parseStoredFields(primary.row), parseStoredFields(duplicate.row), request);
      const repointing = repointLinks(defs, primary.row.id, duplicate.row.id, primary.links, duplicate.links);
      const lists = duplicate.memberships.filter((m) => m.record_id === duplicate.row.id && !primary.memberships.some((p) => p.list_id === m.list_id));

      // The duplicate leaves first, so the unique values the primary takes from it are free.
      await trashRecord(trx, env, type, duplicate.row, mergeId);
      // Its links to members and files stay with a trashed record; those the primary takes leave it.
      await deleteLinks(trx, repointing.moved);
      const change = await applyWrite(trx, env, {
        type,
        defs,
        origin: 'update',
        recordId: primary.row.id,
        row: primary.row,
        fields,
        links: primary.links,
        added: repointing.added,
        removed: [],
        countsAsUpdate: true,
      });
      // A merge is the primary's update even when it took nothing.
      if (!change) await updateRecordFields(trx, primary.row.id, primary.row.fields, at);
      await addListMembers(trx, lists.map((m) => ({ ...m, record_id: primary.row.id })));
      await runMovedLinkEffects(trx, env, [primary.row.id, duplicate.row.id], duplicate.links, repointing.added);

      const after = (await readState(trx, organizationId, type.objectType, primary.row.id))!;
      const snapshot: MergeSnapshot = { primary, duplicate, primaryAfter: stateKey(after, serverKeptFields(defs)), taken: repointing.taken, listsTaken: lists.map((m) => m.list_id) };
      await insertMerge(trx, {
        id: mergeId,
        organization_id: organizationId,
        object_type: type.objectType,
        primary_id: primary.row.id,
        duplicate_id: duplicate.row.id,
        status: 'done',
        snapshot: JSON.stringify(snapshot),
        created_at: at,
        updated_at: at,
      });
      const counts = {
        fieldWriteCount: change?.changedFields.filter((def) => def.access !== 'read-only').length ?? 0,
        syncRepointedCount: repointing.repointed + lists.length,
        warnings: [...valueWarnings, ...repointing.warnings],
      };
      const result: MergeResult = {
        merge: { id: mergeId, status: request.dryRun ? 'dry_run' : 'done' },
        primary: await readRecord({ ...ctx, db: trx }, type, defs, primary.row.id),
        summary: counts,
      };
      if (request.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}
