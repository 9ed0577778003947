import type { DB } from '../../storage/database.js';
import { recordsWithTextTerms } from '../../storage/record-terms.js';
import type { AfterWriteEffect, RecordChange } from '../records/effects/effect.js';
import { holds, otherEnd, readLinkedIds, type LinkEnd } from '../records/links.js';
import { MEETINGS_OF, resyncMeeting, type AttendedKind } from './attendance.js';
import { meetingAddresses } from './attendees.js';

/** What of a contact, account or opportunity decides which meetings it took part in. */
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

async function meetingsToResync(trx: DB, change: RecordChange, organizationId: string, source: AttendanceSource): Promise<Set<string>> {
  const meetings = new Set<string>();
  const recordId = change.row.id;
  const own = async () => (await readLinkedIds(trx, MEETINGS_OF[source.kind], recordId)).forEach((id) => meetings.add(id));
  if (source.fields && change.changedFields.some((def) => source.fields!.includes(def.key))) await own();
  const moved = [...change.added, ...change.removed];
  for (const { end, otherKind } of source.links ?? []) {
    const others = moved.filter((link) => holds(end, recordId, link)).map((link) => otherEnd(end, link));
    if (others.length === 0) continue;
    await own();
    if (otherKind) for (const other of others) (await readLinkedIds(trx, MEETINGS_OF[otherKind], other)).forEach((id) => meetings.add(id));
  }
  const key = source.addressField;
  if (key && change.changedFields.some((def) => def.key === key)) {
    await own();
    const addresses = [...new Set([...addressesIn(change.before?.[key]), ...addressesIn(change.after[key])])];
    for (const field of ['$attendeeEmails', '$organizerEmail']) {
      (await recordsWithTextTerms(trx, organizationId, 'meeting', field, addresses)).forEach((id) => meetings.add(id));
    }
  }
  return meetings;
}

/**
 * Keeps meetings' system-managed links right when what they derive from changes later: a
 * contact gains an attendee's address or an account, an opportunity moves account or closes.
 */
export function meetingSyncEffect(source: AttendanceSource): AfterWriteEffect {
  return {
    name: 'meeting sync',
    async apply(trx, change, env) {
      for (const meetingId of await meetingsToResync(trx, change, env.organizationId, source)) await resyncMeeting(trx, env, meetingId);
    },
  };
}
