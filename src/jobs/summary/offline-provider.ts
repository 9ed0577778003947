import type { SummaryProvider } from './provider.js';
import type { SummaryInput } from './summary-input.js';

const OPEN_TASK = new Set(['TODO', 'IN_PROGRESS']);

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toLocaleString('en-US')} ${currency}`;
  }
}

const day = (iso: string): string => iso.slice(0, 10);
const firstLine = (text: string): string => (text.split('\n').find((l) => l.trim() !== '') ?? '').replace(/^#+\s*/, '').trim().slice(0, 140);

/** The summary as a sales lead would want it, built only from the data: the same data, the same text. */
export function offlineSummary(input: SummaryInput): string {
  const { opportunity: o } = input;
  const headline = [
    `**${o.name}**`,
    o.stage ? `${o.stage}${o.status ? ` (${o.status})` : ''}` : null,
    o.amount !== null ? money(o.amount, o.currency) : null,
    o.closeDate ? `closes ${day(o.closeDate)}` : null,
  ].filter(Boolean);
  const people = [
    input.account ? `Account: ${input.account.name}` : null,
    input.owner ? `Owner: ${input.owner}` : null,
    input.champion ? `Champion: ${input.champion}` : null,
    input.evaluator ? `Evaluator: ${input.evaluator}` : null,
  ].filter(Boolean);
  const open = input.tasks.filter((t) => t.status === null || OPEN_TASK.has(t.status));
  const overdue = open.filter((t) => t.dueAt !== null && t.dueAt < input.now);
  const done = input.tasks.filter((t) => t.status === 'COMPLETE');
  const lines = [headline.join(' · '), people.length ? people.join(' · ') : 'No account or people recorded yet.', ''];
  lines.push(`### Tasks`, `${open.length} open${overdue.length ? `, ${overdue.length} overdue` : ''}, ${done.length} completed.`);
  for (const task of open.slice(0, 5)) {
    const due = task.dueAt ? ` — due ${day(task.dueAt)}${task.dueAt < input.now ? ' (overdue)' : ''}` : '';
    lines.push(`- ${task.title}${due}`);
  }
  lines.push('', '### Recent notes');
  if (input.notes.length === 0) lines.push('- None yet.');
  for (const note of input.notes) lines.push(`- ${day(note.createdAt)} ${note.title}${note.content ? `: ${firstLine(note.content)}` : ''}`);
  lines.push('', '### Recent meetings');
  if (input.meetings.length === 0) lines.push('- None yet.');
  for (const meeting of input.meetings) {
    lines.push(`- ${meeting.startDate ? `${day(meeting.startDate)} ` : ''}${meeting.title}${meeting.transcript ? `: ${firstLine(meeting.transcript)}` : ''}`);
  }
  lines.push('', '### Next steps', o.nextSteps ?? (overdue[0] ? `Catch up on "${overdue[0].title}".` : open[0] ? `Follow up on "${open[0].title}".` : 'None recorded.'));
  return lines.join('\n');
}

/** No network, deterministic: the default. It cannot know how an account makes money. */
export const offlineProvider: SummaryProvider = {
  name: 'offline',
  summarize: async (input) => ({ summary: offlineSummary(input) }),
};
