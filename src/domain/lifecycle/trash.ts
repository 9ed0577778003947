import type { DB } from '../../storage/database.js';
import { addListMembers, deleteMembershipsOf, selectMembershipsOf } from '../../storage/list-members.js';
import { deleteLinks, insertLinks, selectLinksOf } from '../../storage/record-links.js';
import { dropRecordIndex } from '../../storage/record-terms.js';
import { deleteRecordRow, findRecords, insertRecord, liveRecordIds } from '../../storage/records.js';
import type { ListMemberRow, RecordLinkRow, RecordRow, TrashedRecordRow } from '../../storage/schema.js';
import { deleteTrashed, findTrashedByIds, insertTrashed, updateTrashedHoldings } from '../../storage/trash.js';
import { findMerge } from '../../storage/merges.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { WriteEnv } from '../records/effects/effect.js';
import { enforceUnique, indexNewRecord } from '../records/record-index.js';
import { parseStoredFields } from '../records/render-record.js';
import { runEffects } from '../records/write-path.js';
import { otherId } from '../records/links.js';

/**
 * The links of a record whose other end is a live record. Links to members and files stay where
 * they are while a record is in the trash: nothing reads them from that end.
 */
export async function recordLinksOf(trx: DB, organizationId: string, recordId: string): Promise<RecordLinkRow[]> {
  const links = await selectLinksOf(trx, [recordId]);
  const live = await liveRecordIds(trx, organizationId, links.map((l) => otherId(recordId, l)));
  return links.filter((l) => live.has(otherId(recordId, l)));
}

/**
 * Moves a record into the trash inside the caller's transaction: its row, with the links and list
 * memberships it had, leaves every table reads use, so it is gone from retrieve, lists, counts,
 * uniqueness and other records' relationships. The effects then see a change that removed every
 * link and cleared every field (an account's status, a contact's meetings, summaries).
 */
export async function trashRecord(trx: DB, env: WriteEnv, type: ObjectTypeInfo, row: RecordRow, mergeId: string | null = null): Promise<TrashedRecordRow> {
  const defs = await env.definitionsOf(trx, type.objectType);
  const links = await recordLinksOf(trx, env.organizationId, row.id);
  const memberships = await selectMembershipsOf(trx, row.id);
  const at = env.now.toISOString();
  const trashed: TrashedRecordRow = { ...row, updated_at: at, deleted_at: at, links: JSON.stringify(links), memberships: JSON.stringify(memberships), merge_id: mergeId };
  await deleteLinks(trx, links);
  await deleteMembershipsOf(trx, row.id);
  await dropRecordIndex(trx, row.id);
  await deleteRecordRow(trx, row.id);
  await insertTrashed(trx, trashed);
  const before = parseStoredFields(row);
  await runEffects(trx, env, {
    type,
    defs,
    origin: 'delete',
    row: { ...row, updated_at: at },
    before,
    after: {},
    changedFields: defs.fields.filter((def) => before[def.key] !== undefined),
    added: [],
    removed: links,
    touched: links,
  });
  return trashed;
}

/**
 * Whether `link` can come back: its other end is live, and where that end holds one value at
 * most (a HAS_ONE), it holds none of this link type now.
 */
async function canRelink(trx: DB, env: WriteEnv, recordId: string, link: RecordLinkRow, others: ReadonlyMap<string, RecordRow>): Promise<boolean> {
  const other = others.get(otherId(recordId, link));
  if (!other) return false;
  if (other.id === recordId) return true;
  const side = link.source_id === other.id ? 'source' : 'target';
  const defs = await env.definitionsOf(trx, other.object_type);
  const def = defs.relationships.find((r) => r.linkType === link.link_type && r.side === side);
  if (def?.cardinality !== 'HAS_ONE') return true;
  const held = await selectLinksOf(trx, [other.id]);
  return !held.some((l) => l.link_type === link.link_type && (side === 'source' ? l.source_id : l.target_id) === other.id);
}

/** Whether `recordId` already holds, among `back`, the one value a HAS_ONE relationship of its own at this link's end allows. */
function holdsOneAlready(defs: ObjectDefinitions, recordId: string, link: RecordLinkRow, back: readonly RecordLinkRow[]): boolean {
  const side = link.source_id === recordId ? 'source' : 'target';
  const def = defs.relationships.find((r) => r.linkType === link.link_type && r.side === side);
  if (def?.cardinality !== 'HAS_ONE') return false;
  return back.some((l) => l.link_type === link.link_type && (side === 'source' ? l.source_id : l.target_id) === recordId);
}

/**
 * A link to a record that a merge sent to the trash belongs to that merge's primary now, as every
 * link of the duplicate went there: it comes back pointing at the primary while that is live.
 */
async function towardPrimaries(trx: DB, organizationId: string, recordId: string, links: RecordLinkRow[]): Promise<RecordLinkRow[]> {
  const merged = (await findTrashedByIds(trx, organizationId, links.map((l) => otherId(recordId, l)))).filter((t) => t.merge_id !== null);
  if (merged.length === 0) return links;
  const primaryOf = new Map<string, string>();
  for (const trashed of merged) {
    const merge = await findMerge(trx, organizationId, trashed.merge_id!);
    if (merge && (await liveRecordIds(trx, organizationId, [merge.primary_id])).has(merge.primary_id)) primaryOf.set(trashed.id, merge.primary_id);
  }
  return links.map((l) => {
    const to = primaryOf.get(otherId(recordId, l));
    if (to === undefined) return l;
    return { ...l, source_id: l.source_id === recordId ? l.source_id : to, target_id: l.target_id === recordId ? l.target_id : to };
  });
}

/**
 * A link or list membership whose other end is in the trash too cannot come back yet: it moves
 * into that end's trash row, to come back when that record does. Only one of two trashed records
 * holds a link between them (the first deleted took it), so without this, restoring both in
 * either order would lose it.
 */
async function handOver(trx: DB, organizationId: string, recordId: string, links: readonly RecordLinkRow[], memberships: readonly ListMemberRow[]): Promise<void> {
  const waiting = new Map<string, { links: RecordLinkRow[]; memberships: ListMemberRow[] }>();
  const at = (id: string) => waiting.get(id) ?? (waiting.set(id, { links: [], memberships: [] }), waiting.get(id)!);
  for (const link of links) at(otherId(recordId, link)).links.push(link);
  for (const m of memberships) at(m.list_id === recordId ? m.record_id : m.list_id).memberships.push(m);
  for (const trashed of await findTrashedByIds(trx, organizationId, [...waiting.keys()])) {
    const more = waiting.get(trashed.id)!;
    await updateTrashedHoldings(
      trx,
      trashed.id,
      JSON.stringify([...(JSON.parse(trashed.links) as RecordLinkRow[]), ...more.links]),
      JSON.stringify([...(JSON.parse(trashed.memberships) as ListMemberRow[]), ...more.memberships]),
    );
  }
}

/**
 * Puts a trashed record back inside the caller's transaction, as it was when it was trashed but
 * for `updatedAt`: its unique values claimed again (409 when another record took one, which
 * undoes the transaction), its links to records that are still there, its list memberships.
 * Returns the links it got back.
 */
export async function untrashRecord(trx: DB, env: WriteEnv, type: ObjectTypeInfo, trashed: TrashedRecordRow, updatedAt: string): Promise<RecordLinkRow[]> {
  const defs = await env.definitionsOf(trx, type.objectType);
  const { deleted_at: _deleted, links: linksJson, memberships: membershipsJson, merge_id: _merge, ...record } = trashed;
  const row: RecordRow = { ...record, updated_at: updatedAt };
  await insertRecord(trx, row);
  const fields = parseStoredFields(row);
  const values = defs.fields.filter((def) => fields[def.key] !== undefined).map((def) => ({ def, value: fields[def.key]! }));
  const scope = { organizationId: env.organizationId, objectType: type.objectType, recordId: row.id };
  await indexNewRecord(trx, scope, defs, values);
  for (const { def, value } of values) await enforceUnique(trx, scope, def, value, { fresh: true });

  const links = await towardPrimaries(trx, env.organizationId, row.id, JSON.parse(linksJson) as RecordLinkRow[]);
  const others = new Map((await findRecords(trx, env.organizationId, links.map((l) => otherId(row.id, l)))).map((r) => [r.id, r]));
  const back: RecordLinkRow[] = [];
  for (const link of links) {
    // Links handed over while it was away come after its own: where it holds one, its own wins.
    if (holdsOneAlready(defs, row.id, link, back) || !(await canRelink(trx, env, row.id, link, others))) continue;
    back.push(link);
  }
  await insertLinks(trx, back);
  const memberships = JSON.parse(membershipsJson) as ListMemberRow[];
  const live = await liveRecordIds(trx, env.organizationId, memberships.flatMap((m) => [m.list_id, m.record_id]));
  await addListMembers(trx, memberships.filter((m) => live.has(m.list_id) && live.has(m.record_id)));
  await handOver(trx, env.organizationId, row.id, links.filter((l) => !others.has(otherId(row.id, l))), memberships);
  await deleteTrashed(trx, row.id);
  await runEffects(trx, env, {
    type,
    defs,
    origin: 'restore',
    row,
    before: undefined,
    after: fields,
    changedFields: values.map((v) => v.def),
    added: back,
    removed: [],
    touched: back,
  });
  return back;
}
