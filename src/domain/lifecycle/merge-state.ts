import type { DB } from '../../storage/database.js';
import { selectMembershipsOf } from '../../storage/list-members.js';
import { selectLinksOf } from '../../storage/record-links.js';
import { findRecord } from '../../storage/records.js';
import type { ListMemberRow, RecordLinkRow, RecordRow } from '../../storage/schema.js';

/** A record whole, as a merge found it: what its undo puts back. */
export interface RecordState {
  row: RecordRow;
  links: RecordLinkRow[];
  memberships: ListMemberRow[];
}

/** What `merges.snapshot` holds. */
export interface MergeSnapshot {
  primary: RecordState;
  duplicate: RecordState;
  /** `stateKey` of the primary as the merge left it: undo only while it still is. */
  primaryAfter: string;
  /** The duplicate's links and lists the primary took: a restore without undo leaves them to it. */
  taken: RecordLinkRow[];
  listsTaken: string[];
}

export async function readState(trx: DB, organizationId: string, objectType: string, id: string): Promise<RecordState | undefined> {
  const row = await findRecord(trx, organizationId, objectType, id);
  if (!row) return undefined;
  // Every link, to members and files too: a merge moves those as well.
  return { row, links: await selectLinksOf(trx, [id]), memberships: await selectMembershipsOf(trx, id) };
}

/**
 * A record's fields, `updatedAt`, links and list memberships as one comparable string. Fields the
 * server derives (`serverKept`: a summary the worker wrote since) are left out: they change
 * without anyone changing the record, and derive again after an undo.
 */
export function stateKey(state: RecordState, serverKept: ReadonlySet<string>): string {
  const fields = Object.entries(JSON.parse(state.row.fields) as Record<string, unknown>).filter(([key]) => !serverKept.has(key));
  const links = state.links.map((l) => `${l.link_type}|${l.source_id}|${l.target_id}`).sort();
  const lists = state.memberships.map((m) => `${m.list_id}|${m.record_id}`).sort();
  return JSON.stringify([Object.fromEntries(fields.sort(([a], [b]) => (a < b ? -1 : 1))), state.row.updated_at, links, lists]);
}

/** The keys of the fields the server keeps (read-only to the API). */
export function serverKeptFields(defs: { fields: ReadonlyArray<{ key: string; access: string }> }): Set<string> {
  return new Set(defs.fields.filter((f) => f.access === 'read-only').map((f) => f.key));
}
