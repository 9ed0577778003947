import { loadDefinitions } from '../../domain/definitions/load.js';
import type { ObjectDefinitions } from '../../domain/definitions/types.js';
import { parseStoredFields } from '../../domain/records/render-record.js';
import type { StoredValue } from '../../domain/values/value-type.js';
import type { DB } from '../../storage/database.js';
import { findMember } from '../../storage/members.js';
import { selectLinksOf } from '../../storage/record-links.js';
import { findRecord, findRecords } from '../../storage/records.js';
import { linkedIds } from '../../domain/records/links.js';
import type { TranscriptReader } from './transcript-text.js';

/** Everything a summary may say about an opportunity, gathered once for any provider. */
export interface SummaryInput {
  now: string;
  opportunity: {
    id: string;
    name: string;
    stage: string | null;
    status: string | null;
    amount: number | null;
    currency: string;
    closeDate: string | null;
    nextSteps: string | null;
  };
  account: { id: string; name: string } | null;
  owner: string | null;
  champion: string | null;
  evaluator: string | null;
  tasks: Array<{ title: string; status: string | null; dueAt: string | null; completedAt: string | null }>;
  /** Newest first, at most five. */
  notes: Array<{ title: string; createdAt: string; content: string | null }>;
  /** Meetings with the opportunity's people, newest first, at most five; the opening of each transcript. */
  meetings: Array<{ title: string; startDate: string | null; transcript: string | null }>;
}

const RECENT = 5;

const newestFirst = (a: { created_at: string }, b: { created_at: string }) => (a.created_at < b.created_at ? 1 : -1);

const text = (value: StoredValue | undefined): string | null => (typeof value === 'string' && value !== '' ? value : null);

function optionLabel(defs: ObjectDefinitions, key: string, id: StoredValue | undefined): string | null {
  return defs.fields.find((f) => f.key === key)?.config.options?.find((o) => o.id === id)?.label ?? null;
}

function isPrivate(meetingDefs: ObjectDefinitions, fields: Record<string, StoredValue>): boolean {
  return optionLabel(meetingDefs, '$privacySetting', fields.$privacySetting) === 'METADATA';
}

function personName(fields: Record<string, StoredValue>): string | null {
  const name = fields.$name as { firstName?: string | null; lastName?: string | null } | undefined;
  const joined = [name?.firstName, name?.lastName].filter(Boolean).join(' ');
  return joined || (Array.isArray(fields.$email) ? (fields.$email[0] ?? null) : null);
}

export async function loadSummaryInput(
  db: DB,
  organizationId: string,
  opportunityId: string,
  currency: string,
  now: Date,
  readTranscript: TranscriptReader = async () => null,
): Promise<SummaryInput | undefined> {
  const row = await findRecord(db, organizationId, 'opportunity', opportunityId);
  if (!row) return undefined;
  const [defs, taskDefs, meetingDefs, links] = await Promise.all([
    loadDefinitions(db, organizationId, 'opportunity'),
    loadDefinitions(db, organizationId, 'task'),
    loadDefinitions(db, organizationId, 'meeting'),
    selectLinksOf(db, [opportunityId]),
  ]);
  const fields = parseStoredFields(row);
  const from = (linkType: string) => linkedIds({ linkType, side: 'source' }, opportunityId, links);
  const to = (linkType: string) => linkedIds({ linkType, side: 'target' }, opportunityId, links);
  const related = new Map(
    (await findRecords(db, organizationId, [...from('opportunity.account'), ...from('opportunity.champion'), ...from('opportunity.evaluator'), ...to('task.opportunity'), ...to('note.opportunity'), ...to('meeting.opportunity')])).map((r) => [r.id, r]),
  );
  const fieldsOf = (id: string | undefined) => (id && related.has(id) ? parseStoredFields(related.get(id)!) : undefined);
  const contactName = (id: string | undefined) => {
    const contact = fieldsOf(id);
    return contact ? personName(contact) : null;
  };
  const ownerRow = from('opportunity.owner')[0] ? await findMember(db, organizationId, from('opportunity.owner')[0]!) : undefined;
  const accountId = from('opportunity.account')[0];
  const account = fieldsOf(accountId);
  const recent = (linkType: string) =>
    to(linkType)
      .map((id) => related.get(id))
      .filter((r) => r !== undefined)
      .sort(newestFirst)
      .slice(0, RECENT);
  const notes = recent('note.opportunity');
  const meetingRows = recent('meeting.opportunity');
  const meetingLinks = await selectLinksOf(db, meetingRows.map((r) => r.id));
  const meetings = await Promise.all(
    meetingRows.map(async (meeting) => {
      const f = parseStoredFields(meeting);
      // A METADATA meeting's content is for its creator only; a summary is read by everyone.
      const transcriptId = isPrivate(meetingDefs, f) ? undefined : linkedIds({ linkType: 'meeting.transcript', side: 'source' }, meeting.id, meetingLinks)[0];
      return { title: text(f.$title) ?? meeting.id, startDate: text(f.$startDate), transcript: transcriptId ? await readTranscript(organizationId, transcriptId) : null };
    }),
  );

  return {
    now: now.toISOString(),
    opportunity: {
      id: opportunityId,
      name: text(fields.$name) ?? opportunityId,
      stage: optionLabel(defs, '$stage', fields.$stage),
      status: optionLabel(defs, '$opportunityStatus', fields.$opportunityStatus),
      amount: typeof fields.$amount === 'number' ? fields.$amount : null,
      currency,
      closeDate: text(fields.$closeDate),
      nextSteps: text(fields.$nextSteps),
    },
    account: accountId && account ? { id: accountId, name: text(account.$name) ?? accountId } : null,
    owner: ownerRow ? [ownerRow.first_name, ownerRow.last_name].filter(Boolean).join(' ') || ownerRow.email : null,
    champion: contactName(from('opportunity.champion')[0]),
    evaluator: contactName(from('opportunity.evaluator')[0]),
    tasks: to('task.opportunity').flatMap((id) => {
      const task = fieldsOf(id);
      if (!task) return [];
      return [{ title: text(task.$title) ?? id, status: optionLabel(taskDefs, '$status', task.$status), dueAt: text(task.$dueAt), completedAt: text(task.$completedAt) }];
    }),
    notes: notes.map((note) => {
      const f = parseStoredFields(note);
      return { title: text(f.$title) ?? note.id, createdAt: note.created_at, content: text(f.$content) };
    }),
    meetings,
  };
}
