import { latestLinkedSourceCreatedAt, latestLinkedSourceTime } from '../../../storage/record-links.js';
import { holds, otherEnd, type LinkEnd } from '../links.js';
import { writeDerivedFields } from '../write-path.js';
import type { AfterWriteEffect } from './effect.js';

type InteractedType = 'opportunity' | 'account' | 'contact';

/** The links that make an interaction with the record at their target: notes, meetings and chat messages always, tasks once complete, emails once sent. */
const INTERACTIONS: ReadonlyArray<{ end: LinkEnd; targetType: InteractedType; onlyComplete?: boolean; onlySent?: boolean; at?: string }> = [
  { end: { linkType: 'note.opportunity', side: 'source' }, targetType: 'opportunity', onlyComplete: false },
  { end: { linkType: 'note.account', side: 'source' }, targetType: 'account', onlyComplete: false },
  { end: { linkType: 'task.opportunity', side: 'source' }, targetType: 'opportunity', onlyComplete: true },
  { end: { linkType: 'task.account', side: 'source' }, targetType: 'account', onlyComplete: true },
  { end: { linkType: 'meeting.opportunity', side: 'source' }, targetType: 'opportunity', onlyComplete: false },
  { end: { linkType: 'meeting.account', side: 'source' }, targetType: 'account', onlyComplete: false },
  { end: { linkType: 'meeting.contact', side: 'source' }, targetType: 'contact', onlyComplete: false },
  // A draft reached nobody yet.
  { end: { linkType: 'email.opportunity', side: 'source' }, targetType: 'opportunity', onlySent: true },
  { end: { linkType: 'email.account', side: 'source' }, targetType: 'account', onlySent: true },
  { end: { linkType: 'email.contact', side: 'source' }, targetType: 'contact', onlySent: true },
  // When it was sent, not when it came in: an imported history is not an interaction of today.
  { end: { linkType: 'message.opportunity', side: 'source' }, targetType: 'opportunity', at: '$sentAt' },
  { end: { linkType: 'message.account', side: 'source' }, targetType: 'account', at: '$sentAt' },
  { end: { linkType: 'message.contact', side: 'source' }, targetType: 'contact', at: '$sentAt' },
];

/**
 * Keeps `$lastInteractionAt` of the opportunities, accounts and contacts a note, task or meeting
 * touches (or left): the latest `createdAt` among their linked notes, meetings and completed tasks. Derived, like
 * `$accountStatus`, but written without counting as the record's update.
 */
export const lastInteractionEffect: AfterWriteEffect = {
  name: 'last interaction',
  async apply(trx, change, env) {
    const targets = new Map<string, InteractedType>();
    for (const link of change.touched) {
      const interaction = INTERACTIONS.find((i) => holds(i.end, change.row.id, link));
      if (interaction) targets.set(otherEnd(interaction.end, link), interaction.targetType);
    }
    if (targets.size === 0) return;
    const taskDefs = await env.definitionsOf(trx, 'task');
    const complete = taskDefs.fields.find((f) => f.key === '$status')?.config.options?.find((o) => o.label === 'COMPLETE')?.id;
    for (const [targetId, targetType] of targets) {
      const times: string[] = [];
      for (const interaction of INTERACTIONS.filter((i) => i.targetType === targetType)) {
        if (interaction.onlyComplete && !complete) continue;
        if (interaction.at) {
          const sent = await latestLinkedSourceTime(trx, interaction.end.linkType, targetId, interaction.at);
          if (sent !== null) times.push(sent);
          continue;
        }
        const term = interaction.onlyComplete ? { fieldKey: '$status', text: complete! } : interaction.onlySent ? { fieldKey: '$sentAt' } : undefined;
        const at = await latestLinkedSourceCreatedAt(trx, interaction.end.linkType, targetId, term);
        if (at !== null) times.push(at);
      }
      const latest = times.sort().at(-1) ?? null;
      await writeDerivedFields(trx, env, env.typeOf(targetType), targetId, { $lastInteractionAt: latest }, { countsAsUpdate: false });
    }
  },
};
