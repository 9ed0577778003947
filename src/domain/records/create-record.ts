import { compareLinks } from '../../storage/record-links.js';
import { findRecord } from '../../storage/records.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { loadDefinitions } from '../definitions/load.js';
import { newId } from '../ids.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { RecordContext } from './context.js';
import { assertInverseHasOne, linkRow } from './links.js';
import { readRecord } from './read-records.js';
import { renderRecord, type RecordView } from './render-record.js';
import { validateWrite, type ValidatedWrite } from './validate-write.js';
import type { RecordChange } from './effects/effect.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { DB } from '../../storage/database.js';
import { writeEnv } from './write-env.js';
import { applyWrite, withValues } from './write-path.js';

/**
 * A validated create's rows, in the caller's transaction: its links (a relationship left out takes
 * the actor where it defaults to one), and `more.links` the caller's type keeps itself.
 */
export async function insertCreated(
  trx: DB,
  ctx: RecordContext,
  type: ObjectTypeInfo,
  defs: ObjectDefinitions,
  write: ValidatedWrite,
  id: string,
  more: { externalId?: string; links?: readonly RecordLinkRow[] } = {},
): Promise<RecordChange> {
  const { organizationId } = ctx;
  const at = ctx.now.toISOString();
  const fields = withValues({}, write.fields.map(({ def, value }) => [def.key, value] as const));
  const added: RecordLinkRow[] = [...(more.links ?? [])];
  for (const def of defs.relationships) {
    const given = write.relationships.find((r) => r.def === def);
    const ids = given?.ops.replace?.length ? given.ops.replace : def.defaultsToActor ? [ctx.memberId] : [];
    const links = ids.map((other) => linkRow(organizationId, def, id, other, at));
    await assertInverseHasOne(trx, organizationId, def, links);
    added.push(...links);
  }
  const created = await applyWrite(trx, writeEnv(ctx), { type, defs, origin: 'create', recordId: id, row: undefined, fields, added, countsAsUpdate: true, externalId: more.externalId });
  return created!;
}

export async function createRecord(ctx: RecordContext, type: ObjectTypeInfo, body: unknown): Promise<RecordView> {
  const { db, organizationId } = ctx;
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  const recovered = ctx.idempotency?.recovered;
  if (recovered && (await findRecord(db, organizationId, type.objectType, recovered))) {
    ctx.idempotency?.answeredWithRecovered();
    return readRecord(ctx, type, defs, recovered);
  }
  const write = await validateWrite({ db, organizationId, defs, collection: type.collection, mode: 'create', body, defaultRegion: ctx.settings.defaultRegion, objectTypes: ctx.objectTypes });
  const id = newId(type.idPrefix, ctx.now.getTime());

  const change = await writeTransaction(db, organizationId, async (trx) => {
    const created = await insertCreated(trx, ctx, type, defs, write, id);
    await ctx.idempotency?.record(trx, id);
    return created;
  });
  // Nothing else in the transaction changes the new record: it answers with what it wrote.
  return renderRecord(type, defs, change.row, [...change.added].sort(compareLinks), ctx.settings);
}
