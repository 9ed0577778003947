import type { DB } from '../../storage/database.js';
import { selectLinksOf, selectSources } from '../../storage/record-links.js';
import { findRecord, findRecords } from '../../storage/records.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import type { StoredFields } from '../object-types/object-type.js';
import { stageStatus } from '../records/derived-fields.js';
import type { WriteEnv } from '../records/effects/effect.js';
import { linkedIds, linkRow, type LinkEnd } from '../records/links.js';
import { parseStoredFields } from '../records/render-record.js';
import { applyWrite } from '../records/write-path.js';
import { contactsWithAddresses, meetingAddresses } from './attendees.js';

export const ATTENDED_KINDS = ['contact', 'account', 'opportunity'] as const;
export type AttendedKind = (typeof ATTENDED_KINDS)[number];

/** The links a meeting or message keeps to whom it reached, read from one end: `{source}.contact` and so on. */
export function reachedEnds(source: 'meeting' | 'message', side: 'source' | 'target'): Record<AttendedKind, LinkEnd> {
  return {
    contact: { linkType: `${source}.contact`, side },
    account: { linkType: `${source}.account`, side },
    opportunity: { linkType: `${source}.opportunity`, side },
  };
}

/** A meeting's system-managed links, from the meeting: `$contact`, `$account`, `$opportunity`. */
export const ATTENDED = reachedEnds('meeting', 'source');

/** The same links from the record's end: the meetings a contact, account or opportunity took part in. */
export const MEETINGS_OF = reachedEnds('meeting', 'target');

export type Attendance = Record<AttendedKind, string[]>;

const unique = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();

/**
 * Who a message or meeting at `since` reached, from the contacts holding one of `addresses`:
 * their accounts, and the opportunities they champion or evaluate or that belong to those
 * accounts, while open or closed after `since`.
 */
export async function reachedThrough(trx: DB, env: WriteEnv, addresses: readonly string[], since: string): Promise<Attendance> {
  const contact = unique(await contactsWithAddresses(trx, env.organizationId, addresses));
  const accountIds: string[] = [];
  const roleOpportunities: string[] = [];
  for (const id of contact) {
    accountIds.push(...(await selectSources(trx, 'account.contact', id)));
    roleOpportunities.push(...(await selectSources(trx, 'opportunity.champion', id)), ...(await selectSources(trx, 'opportunity.evaluator', id)));
  }
  const account = unique(accountIds);
  const accountOpportunities: string[] = [];
  for (const id of account) accountOpportunities.push(...(await selectSources(trx, 'opportunity.account', id)));
  const opportunityDefs = await env.definitionsOf(trx, 'opportunity');
  const stillRelevant = (await findRecords(trx, env.organizationId, unique(accountOpportunities))).filter((row) => {
    const opportunity = parseStoredFields(row);
    if (stageStatus(opportunityDefs, opportunity) === 'OPEN') return true;
    const closedAt = opportunity.$closeDate;
    return typeof closedAt !== 'string' || closedAt >= since;
  });
  return { contact, account, opportunity: unique([...roleOpportunities, ...stillRelevant.map((r) => r.id)]) };
}

/** Who a meeting was with: those its organizer's and attendees' addresses reach, from when it began. */
export function attendanceOf(trx: DB, env: WriteEnv, fields: StoredFields): Promise<Attendance> {
  return reachedThrough(trx, env, meetingAddresses(fields), typeof fields.$startDate === 'string' ? fields.$startDate : '');
}

/** The links that make a meeting's (or, at `ends`, a message's) attendance what it should be, against those it has. */
export function attendanceDiff(
  organizationId: string,
  meetingId: string,
  links: readonly RecordLinkRow[],
  attendance: Attendance,
  at: string,
  ends: Record<AttendedKind, LinkEnd> = ATTENDED,
): { added: RecordLinkRow[]; removed: RecordLinkRow[] } {
  const added: RecordLinkRow[] = [];
  const removed: RecordLinkRow[] = [];
  for (const kind of ATTENDED_KINDS) {
    const end = ends[kind];
    const current = linkedIds(end, meetingId, links);
    const wanted = attendance[kind];
    for (const id of wanted) if (!current.includes(id)) added.push(linkRow(organizationId, end, meetingId, id, at));
    for (const link of links) if (link.link_type === end.linkType && link.source_id === meetingId && !wanted.includes(link.target_id)) removed.push(link);
  }
  return { added, removed };
}

/**
 * Derives a meeting's contacts, accounts and opportunities again after what they come from
 * changed (a contact's address, a contact's accounts, an opportunity's account or stage), through
 * the write path, so its interaction and summary effects follow. `updatedAt` stays.
 */
export async function resyncMeeting(trx: DB, env: WriteEnv, meetingId: string): Promise<void> {
  const type = env.typeOf('meeting');
  const row = await findRecord(trx, env.organizationId, type.objectType, meetingId);
  if (!row) return;
  const fields = parseStoredFields(row);
  const links = await selectLinksOf(trx, [meetingId]);
  const { added, removed } = attendanceDiff(env.organizationId, meetingId, links, await attendanceOf(trx, env, fields), env.now.toISOString());
  if (added.length === 0 && removed.length === 0) return;
  const defs = await env.definitionsOf(trx, type.objectType);
  // 'update', not 'derived': who a meeting was with is what its opportunities' summaries read.
  await applyWrite(trx, env, { type, defs, origin: 'update', recordId: meetingId, row, fields, links, added, removed, countsAsUpdate: false });
}
