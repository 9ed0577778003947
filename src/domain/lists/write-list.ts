import { addListMembers, removeListMembers } from '../../storage/list-members.js';
import { findRecord } from '../../storage/records.js';
import type { ListMemberRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { loadDefinitions } from '../definitions/load.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { RecordContext } from '../records/context.js';
import { notFound } from '../records/read-records.js';
import { parseStoredFields } from '../records/render-record.js';
import { validateWrite, type ValidatedWrite } from '../records/validate-write.js';
import { writeEnv } from '../records/write-env.js';
import { applyWrite, withValues } from '../records/write-path.js';
import { LIST_MEMBER_TYPES, memberRelationship, objectTypeValue, parseObjectTypeValue } from './list-member-types.js';
import { listType, readList } from './read-lists.js';
import { renderList, type ListView } from './list-view.js';
import { isPlainObject } from '../plain-object.js';


/**
 * Members written under another type's key (`$contacts` on a list of accounts) are a body meant
 * for another kind of list: 400 `invalid_configuration`, before anything about the ids is checked.
 */
function assertMembersMatch(defs: ObjectDefinitions, memberType: string | undefined, relationships: unknown): void {
  if (memberType === undefined || !isPlainObject(relationships)) return;
  const expected = memberRelationship(defs.relationships, memberType);
  for (const key of Object.keys(relationships)) {
    const def = defs.relationships.find((d) => d.key === key);
    if (def && def !== expected) {
      throw new DomainError(
        'invalid_configuration',
        `A list whose $objectType is ${objectTypeValue(memberType)} takes its members under 'relationships.${expected?.key}', not '${key}'.`,
        `relationships.${key}`,
      );
    }
  }
}

function memberRows(organizationId: string, listId: string, recordIds: readonly string[], at: string): ListMemberRow[] {
  return recordIds.map((record_id) => ({ organization_id: organizationId, list_id: listId, record_id, added_at: at }));
}

/** The `$objectType` a create asks for, canonical (`$account`), or 422 naming the types a list holds. */
function checkedObjectType(write: ValidatedWrite): { memberType: string; value: string } {
  const written = write.fields.find((f) => f.def.key === '$objectType')?.value;
  const memberType = typeof written === 'string' ? parseObjectTypeValue(written) : undefined;
  if (!memberType) {
    const allowed = LIST_MEMBER_TYPES.map(objectTypeValue).join(', ');
    throw new DomainError('invalid_value', `A list holds one of ${allowed}; got '${String(written)}'.`, 'fields.$objectType');
  }
  return { memberType, value: objectTypeValue(memberType) };
}

/** `POST /v1/lists`: a list of one type, and the members it starts with. */
export async function createList(ctx: RecordContext, body: unknown): Promise<ListView> {
  const { db, organizationId } = ctx;
  const type = listType(ctx);
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  const recovered = ctx.idempotency?.recovered;
  if (recovered && (await findRecord(db, organizationId, type.objectType, recovered))) {
    ctx.idempotency?.answeredWithRecovered();
    return readList(ctx, recovered);
  }
  if (isPlainObject(body) && isPlainObject(body.fields) && typeof body.fields.$objectType === 'string') {
    assertMembersMatch(defs, parseObjectTypeValue(body.fields.$objectType.trim()), body.relationships);
  }
  const write = await validateWrite({ db, organizationId, defs, collection: type.collection, mode: 'create', body, defaultRegion: ctx.settings.defaultRegion, objectTypes: ctx.objectTypes });
  const { memberType, value } = checkedObjectType(write);
  assertMembersMatch(defs, memberType, isPlainObject(body) ? body.relationships : undefined);

  const id = newId(type.idPrefix, ctx.now.getTime());
  const at = ctx.now.toISOString();
  const fields = withValues({}, write.fields.map(({ def, value: v }) => [def.key, def.key === '$objectType' ? value : v] as const));
  const members = write.relationships.flatMap(({ ops }) => ops.replace ?? []);
  const change = await writeTransaction(db, organizationId, async (trx) => {
    const created = await applyWrite(trx, writeEnv(ctx), { type, defs, origin: 'create', recordId: id, row: undefined, fields, countsAsUpdate: true });
    await addListMembers(trx, memberRows(organizationId, id, members, at));
    await ctx.idempotency?.record(trx, id);
    return created!;
  });
  return renderList(type, defs, change.row, ctx.settings);
}

/** `POST /v1/lists/{id}`: a new name, and members added and removed (remove first, then add). */
export async function updateList(ctx: RecordContext, id: string, body: unknown): Promise<ListView> {
  const { db, organizationId } = ctx;
  const type = listType(ctx);
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  const stored = await findRecord(db, organizationId, type.objectType, id);
  if (!stored) throw notFound(type.collection);
  const memberType = parseObjectTypeValue(String(parseStoredFields(stored).$objectType));
  assertMembersMatch(defs, memberType, isPlainObject(body) ? body.relationships : undefined);
  const write = await validateWrite({ db, organizationId, defs, collection: type.collection, mode: 'update', body, defaultRegion: ctx.settings.defaultRegion, objectTypes: ctx.objectTypes });
  const at = ctx.now.toISOString();

  return writeTransaction(db, organizationId, async (trx) => {
    const row = await findRecord(trx, organizationId, type.objectType, id);
    if (!row) throw notFound(type.collection);
    const fields = withValues(parseStoredFields(row), write.fields.map(({ def, value }) => [def.key, value] as const));
    await applyWrite(trx, writeEnv(ctx), { type, defs, origin: 'update', recordId: id, row, fields, countsAsUpdate: true });
    for (const { ops } of write.relationships) {
      await removeListMembers(trx, id, ops.remove);
      await addListMembers(trx, memberRows(organizationId, id, ops.add, at));
    }
    return readList({ ...ctx, db: trx }, id);
  });
}
