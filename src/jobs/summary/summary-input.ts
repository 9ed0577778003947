import { loadDefinitions } from '../../domain/definitions/load.js';
import type { ObjectDefinitions } from '../../domain/definitions/types.js';
import { parseStoredFields } from '../../domain/records/render-record.js';
import type { StoredValue } from '../../domain/values/value-type.js';
import type { DB } from '../../storage/database.js';
import { findMember } from '../../storage/members.js';
import { selectLinksOf } from '../../storage/record-links.js';
import { findRecord, findRecords } from '../../storage/records.js';
import { linkedIds } from '../../domain/records/links.js';

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
}

const text = (value: StoredValue | undefined): string | null => (typeof value === 'string' && value !== '' ? value : null);

function optionLabel(defs: ObjectDefinitions, key: string, id: StoredValue | undefined): string | null {
  return defs.fields.find((f) => f.key === key)?.config.options?.find((o) => o.id === id)?.label ?? null;
}

function personName(fields: Record<string, StoredValue>): string | null {
  const name = fields.$name as { firstName?: string | null; lastName?: string | null } | undefined;
  const joined = [name?.firstName, name?.lastName].filter(Boolean).join(' ');
  return joined || (Array.isArray(fields.$email) ? (fields.$email[0] ?? null) : null);
}

export async function loadSummaryInput(db: DB, organizationId: string, opportunityId: string, currency: string, now: Date): Promise<SummaryInput | undefined> {
  const row = await findRecord(db, organizationId, 'opportunity', opportunityId);
  if (!row) return undefined;
  const [defs, taskDefs, links] = await Promise.all([
    loadDefinitions(db, organizationId, 'opportunity'),
    loadDefinitions(db, organizationId, 'task'),
    selectLinksOf(db, [opportunityId]),
  ]);
  const fields = parseStoredFields(row);
  const from = (linkType: string) => linkedIds({ linkType, side: 'source' }, opportunityId, links);
  const to = (linkType: string) => linkedIds({ linkType, side: 'target' }, opportunityId, links);
  const related = new Map(
    (await findRecords(db, organizationId, [...from('opportunity.account'), ...from('opportunity.champion'), ...from('opportunity.evaluator'), ...to('task.opportunity'), ...to('note.opportunity')])).map((r) => [r.id, r]),
  );
  const fieldsOf = (id: string | undefined) => (id && related.has(id) ? parseStoredFields(related.get(id)!) : undefined);
  const contactName = (id: string | undefined) => {
    const contact = fieldsOf(id);
    return contact ? personName(contact) : null;
  };
  const ownerRow = from('opportunity.owner')[0] ? await findMember(db, organizationId, from('opportunity.owner')[0]!) : undefined;
  const accountId = from('opportunity.account')[0];
  const account = fieldsOf(accountId);
  const notes = to('note.opportunity')
    .map((id) => related.get(id))
    .filter((r) => r !== undefined)
    .sort((a, b) => (a.created_at < b.created_at ? 1 : -1))
    .slice(0, 5);

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
  };
}
