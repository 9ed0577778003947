import { compareLinks, insertLinks } from '../../storage/record-links.js';
import { findRecord, insertRecord } from '../../storage/records.js';
import type { RecordLinkRow, RecordRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { enqueueSummaries, staleSummaries } from '../../jobs/summary-triggers.js';
import { loadDefinitions } from '../definitions/load.js';
import { newId } from '../ids.js';
import type { ObjectTypeInfo } from '../objects.js';
import type { StoredValue } from '../values/value-type.js';
import type { RecordContext } from './context.js';
import { deriveStoredFields, refreshAccountStatuses } from './derived-fields.js';
import { refreshLastInteraction } from './last-interaction.js';
import { assertInverseHasOne, linkRow } from './links.js';
import { readRecord } from './read-records.js';
import { enforceUnique, indexNewRecord } from './record-index.js';
import { renderRecord, type RecordView } from './render-record.js';
import { validateWrite } from './validate-write.js';

export async function createRecord(ctx: RecordContext, type: ObjectTypeInfo, body: unknown): Promise<RecordView> {
  const { db, organizationId } = ctx;
  const { objectType } = type;
  const defs = await loadDefinitions(db, organizationId, objectType);
  const recovered = ctx.idempotency?.recovered;
  if (recovered && (await findRecord(db, organizationId, objectType, recovered))) {
    ctx.idempotency?.answeredWithRecovered();
    return readRecord(ctx, type, defs, recovered);
  }
  const write = await validateWrite({ db, organizationId, defs, collection: type.collection, mode: 'create', body, defaultRegion: ctx.settings.defaultRegion });
  const id = newId(type.idPrefix, ctx.now.getTime());
  const at = ctx.now.toISOString();

  let row: RecordRow | undefined;
  const links: RecordLinkRow[] = [];
  await writeTransaction(db, organizationId, async (trx) => {
    const stored: Record<string, StoredValue> = {};
    for (const { def, value } of write.fields) if (value !== null) stored[def.key] = value;
    deriveStoredFields(objectType, defs, undefined, stored, ctx.now);
    row = { id, organization_id: organizationId, object_type: objectType, fields: JSON.stringify(stored), external_id: null, created_at: at, updated_at: at };
    await insertRecord(trx, row);
    await ctx.idempotency?.record(trx, id);
    const scope = { organizationId, objectType, recordId: id };
    const values = defs.fields.flatMap((def) => (stored[def.key] === undefined ? [] : [{ def, value: stored[def.key]! }]));
    await indexNewRecord(trx, scope, defs, values);
    for (const { def, value } of values) await enforceUnique(trx, scope, def, value, { fresh: true });

    links.length = 0;
    for (const def of defs.relationships) {
      const given = write.relationships.find((r) => r.def === def);
      const ids = given?.ops.replace?.length ? given.ops.replace : def.defaultsToActor ? [ctx.memberId] : [];
      const added = ids.map((other) => linkRow(organizationId, def, id, other, at));
      await assertInverseHasOne(trx, organizationId, def, added);
      links.push(...added);
    }
    await insertLinks(trx, links);
    if (objectType === 'opportunity') {
      const accounts = links.filter((l) => l.link_type === 'opportunity.account').map((l) => l.target_id);
      await refreshAccountStatuses(trx, organizationId, accounts, ctx.now);
    }
    await refreshLastInteraction(trx, organizationId, links);
    const stale = await staleSummaries(trx, objectType, id, links);
    // Enqueued whether or not the caller collects run ids (optional chaining would skip the call).
    const runs = await enqueueSummaries(trx, organizationId, stale, ctx.now, ctx.settings.jobs);
    ctx.workflowRuns?.push(...runs);
  });
  // Nothing else in the transaction changes the new record: it answers with what it wrote.
  return renderRecord(type, defs, row!, links.sort(compareLinks), ctx.settings);
}
