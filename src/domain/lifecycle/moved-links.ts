import type { DB } from '../../storage/database.js';
import { findRecords } from '../../storage/records.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import type { WriteEnv } from '../records/effects/effect.js';
import { parseStoredFields } from '../records/render-record.js';
import { runEffects } from '../records/write-path.js';

/**
 * A merge or its undo moves links from one record to another; the records at their other ends
 * (a note, an opportunity of the account) did not write, but what their effects keep (the
 * last interaction, an account's status, summaries, meetings) depends on those links. Each such
 * record's effects run once over the links it lost and gained.
 */
export async function runMovedLinkEffects(trx: DB, env: WriteEnv, movedIds: readonly string[], removed: readonly RecordLinkRow[], added: readonly RecordLinkRow[]): Promise<void> {
  const moved = new Set(movedIds);
  const othersOf = (l: RecordLinkRow) => [l.source_id, l.target_id].filter((id) => !moved.has(id));
  const ids = [...new Set([...removed, ...added].flatMap(othersOf))];
  for (const row of await findRecords(trx, env.organizationId, ids)) {
    const type = env.typeOf(row.object_type);
    if (type.effects.length === 0) continue;
    const lost = removed.filter((l) => othersOf(l).includes(row.id));
    const gained = added.filter((l) => othersOf(l).includes(row.id));
    const fields = parseStoredFields(row);
    await runEffects(trx, env, {
      type,
      defs: await env.definitionsOf(trx, row.object_type),
      origin: 'update',
      row,
      before: fields,
      after: fields,
      changedFields: [],
      added: gained,
      removed: lost,
      touched: [...lost, ...gained],
    });
  }
}
