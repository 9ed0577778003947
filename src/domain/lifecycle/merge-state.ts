import type { DB } from '../../storage/database.js';
import { findRecord } from '../../storage/records.js';
import type { ListMemberRow, RecordLinkRow, RecordRow } from '../../storage/schema.js';
import { recordLinksOf } from './trash.js';
import { selectMembershipsOf } from '../../storage/list-members.js';

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
}

export async function readState(trx: DB, organizationId: string, objectType: string, id: string): Promise<RecordState | undefined> {
  const row = await findRecord(trx, organizationId, objectType, id);
  if (!row) return undefined;
  return { row, links: await recordLinksOf(trx, organizationId, id), memberships: await selectMembershipsOf(trx, id) };
}

/** A record's fields, `updatedAt`, links and list memberships as one comparable string. */
export function stateKey(state: RecordState): string {
  const links = state.links.map((l) => `${l.link_type}|${l.source_id}|${l.target_id}`).sort();
  const lists = state.memberships.map((m) => `${m.list_id}|${m.record_id}`).sort();
  return JSON.stringify([JSON.parse(state.row.fields), state.row.updated_at, links, lists]);
}
