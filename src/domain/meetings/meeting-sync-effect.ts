import type { DB } from '../../storage/database.js';
import { recordsWithTextTerms } from '../../storage/record-terms.js';
import type { AfterWriteEffect, RecordChange, WriteEnv } from '../records/effects/effect.js';
import { MESSAGES_OF, resyncMessage, SENDER_FIELDS } from '../channels/message-sync.js';
import { holds, otherEnd, readLinkedIds, type LinkEnd } from '../records/links.js';
import { MEETINGS_OF, resyncMeeting, type AttendedKind } from './attendance.js';
import { meetingAddresses } from './attendees.js';

/** What of a contact, account or opportunity decides which meetings and messages reached it. */
export interface AttendanceSource {
  /** Which of a meeting's links holds records of this type. */
  kind: AttendedKind;
  /** Its addresses, matched against attendees (contacts). */
  addressField?: string;
  /** Fields whose change may add it to, or drop it from, its meetings (an opportunity's stage). */
  fields?: readonly string[];
  /** Links whose change moves meetings: this record's own, and those of the record at the other end. */
  links?: ReadonlyArray<{ end: LinkEnd; otherKind?: AttendedKind }>;
}

function addressesIn(value: unknown): string[] {
  return meetingAddresses({ $attendeeEmails: Array.isArray(value) ? value : typeof value === 'string' ? [value] : [] });
}

/** A type whose records reach contacts by their addresses (meetings, chat messages), and how one is derived again. */
interface Reaching {
  objectType: string;
  /** Its reached links, from the contact's, account's or opportunity's end. */
  of: Record<AttendedKind, LinkEnd>;
  addressFields: readonly string[];
  resync(trx: DB, env: WriteEnv, id: string): Promise<void>;
}

const REACHING: readonly Reaching[] = [
  { objectType: 'meeting', of: MEETINGS_OF, addressFields: ['$attendeeEmails', '$organizerEmail'], resync: resyncMeeting },
  { objectType: 'message', of: MESSAGES_OF, addressFields: SENDER_FIELDS, resync: resyncMessage },
];

async function toResync(trx: DB, change: RecordChange, organizationId: string, source: AttendanceSource, reaching: Reaching): Promise<Set<string>> {
  const found = new Set<string>();
  const recordId = change.row.id;
  const own = async () => (await readLinkedIds(trx, reaching.of[source.kind], recordId)).forEach((id) => found.add(id));
  if (source.fields && change.changedFields.some((def) => source.fields!.includes(def.key))) await own();
  const moved = [...change.added, ...change.removed];
  for (const { end, otherKind } of source.links ?? []) {
    const others = moved.filter((link) => holds(end, recordId, link)).map((link) => otherEnd(end, link));
    if (others.length === 0) continue;
    await own();
    if (otherKind) for (const other of others) (await readLinkedIds(trx, reaching.of[otherKind], other)).forEach((id) => found.add(id));
  }
  const key = source.addressField;
  if (key && change.changedFields.some((def) => def.key === key)) {
    await own();
    const addresses = [...new Set([...addressesIn(change.before?.[key]), ...addressesIn(change.after[key])])];
    for (const field of reaching.addressFields) {
      (await recordsWithTextTerms(trx, organizationId, reaching.objectType, field, addresses)).forEach((id) => found.add(id));
    }
  }
  return found;
}

/**
 * Keeps the system-managed links of meetings and chat messages right when what they derive from
 * changes later: a contact gains an attendee's or sender's address or an account, an opportunity
 * moves account or closes.
 */
export function attendanceSyncEffect(source: AttendanceSource): AfterWriteEffect {
  return {
    name: 'attendance sync',
    async apply(trx, change, env) {
      for (const reaching of REACHING) {
        for (const id of await toResync(trx, change, env.organizationId, source, reaching)) await reaching.resync(trx, env, id);
      }
    },
  };
}
