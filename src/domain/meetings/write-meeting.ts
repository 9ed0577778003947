import { selectLinksOf } from '../../storage/record-links.js';
import { findRecord } from '../../storage/records.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { loadDefinitions } from '../definitions/load.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import { builtinType } from '../objects.js';
import type { RecordContext } from '../records/context.js';
import { linkedIds, linkRow } from '../records/links.js';
import { notFound, readRecord } from '../records/read-records.js';
import type { RecordView } from '../records/render-record.js';
import { parseStoredFields } from '../records/render-record.js';
import { validateWrite, type ValidatedWrite } from '../records/validate-write.js';
import { writeEnv } from '../records/write-env.js';
import { applyWrite, withValues } from '../records/write-path.js';
import { attendanceDiff, attendanceOf } from './attendance.js';
import { meetingAddresses, ownSide } from './attendees.js';
import { createAttendeeRecords } from './auto-create.js';
import { MEETING_CREATOR, privacyOption } from './meeting-view.js';
import { isPlainObject } from '../plain-object.js';


export function meetingType(ctx: Pick<RecordContext, 'objectTypes'>): ObjectTypeInfo {
  return builtinType('meeting', ctx.objectTypes);
}

/** A meeting is a record of what happened: both ends in the past, the end not before the start. */
function assertInThePast(write: ValidatedWrite, now: Date): void {
  const at = (key: string) => write.fields.find((f) => f.def.key === key)?.value as string;
  const start = at('$startDate');
  const end = at('$endDate');
  const nowText = now.toISOString();
  if (start > nowText) throw new DomainError('invalid_value', `'$startDate' must be in the past; got ${start}, and it is ${nowText}.`, 'fields.$startDate');
  if (end > nowText) throw new DomainError('invalid_value', `'$endDate' must be in the past; got ${end}, and it is ${nowText}.`, 'fields.$endDate');
  if (end < start) throw new DomainError('invalid_value', `'$endDate' (${end}) must not be before '$startDate' (${start}).`, 'fields.$endDate');
}

function autoCreateRecordsOf(body: unknown): boolean {
  const value = isPlainObject(body) ? body.autoCreateRecords : undefined;
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new DomainError('invalid_type', `'autoCreateRecords' must be a boolean; got ${JSON.stringify(value)}.`, 'autoCreateRecords');
  return value;
}

/**
 * `POST /v1/meetings`: a past meeting, its contacts matched from the organizer's and attendees'
 * addresses (and created, with their accounts, when asked), its accounts and opportunities
 * derived from them, all in one transaction.
 */
export async function createMeeting(ctx: RecordContext, body: unknown): Promise<RecordView> {
  const { db, organizationId } = ctx;
  const type = meetingType(ctx);
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  const recovered = ctx.idempotency?.recovered;
  if (recovered && (await findRecord(db, organizationId, type.objectType, recovered))) {
    ctx.idempotency?.answeredWithRecovered();
    return readRecord(ctx, type, defs, recovered);
  }
  const write = await validateWrite({ db, organizationId, defs, collection: type.collection, mode: 'create', body, defaultRegion: ctx.settings.defaultRegion, objectTypes: ctx.objectTypes });
  const autoCreate = autoCreateRecordsOf(body);
  assertInThePast(write, ctx.now);
  const id = newId(type.idPrefix, ctx.now.getTime());
  const at = ctx.now.toISOString();
  let fields = withValues({}, write.fields.map(({ def, value }) => [def.key, value] as const));
  if (fields.$privacySetting === undefined) fields = withValues(fields, [['$privacySetting', privacyOption(defs, 'FULL') ?? null]]);
  const transcript = write.relationships.find((r) => r.def.key === '$transcript')?.ops.replace ?? [];

  return writeTransaction(db, organizationId, async (trx) => {
    const env = writeEnv(ctx);
    if (autoCreate) await createAttendeeRecords({ trx, env, defaultRegion: ctx.settings.defaultRegion }, meetingAddresses(fields), await ownSide(trx, organizationId));
    const { added } = attendanceDiff(organizationId, id, [], await attendanceOf(trx, env, fields), at);
    const transcriptDef = defs.relationships.find((d) => d.key === '$transcript')!;
    const links: RecordLinkRow[] = [
      linkRow(organizationId, MEETING_CREATOR, id, ctx.memberId, at),
      ...transcript.map((fileId) => linkRow(organizationId, transcriptDef, id, fileId, at)),
      ...added,
    ];
    await applyWrite(trx, env, { type, defs, origin: 'create', recordId: id, row: undefined, fields, added: links, countsAsUpdate: true });
    await ctx.idempotency?.record(trx, id);
    return readRecord({ ...ctx, db: trx }, type, defs, id);
  });
}

/** An update may change who sees a meeting and which transcript it has, nothing else. */
function assertUpdatable(write: ValidatedWrite): void {
  for (const { def } of write.fields) {
    if (def.key !== '$privacySetting') throw new DomainError('read_only', `Field '${def.key}' can only be set on create; an update takes '$privacySetting'.`, `fields.${def.key}`);
  }
  for (const { def, ops } of write.relationships) {
    const param = `relationships.${def.key}`;
    if (ops.add.length > 0 || ops.remove.length > 0) {
      throw new DomainError('invalid_type', `Relationship '${def.key}' of a meeting is changed only with 'replace'.`, `${param}.${ops.add.length > 0 ? 'add' : 'remove'}`);
    }
    if (ops.replace !== undefined && ops.replace?.length !== 1) {
      throw new DomainError('invalid_value', `'replace' of '${def.key}' takes exactly one file id; a transcript is replaced, never cleared.`, `${param}.replace`);
    }
  }
}

/** `POST /v1/meetings/{id}`: a new privacy setting, or another transcript. */
export async function updateMeeting(ctx: RecordContext, id: string, body: unknown): Promise<RecordView> {
  const { db, organizationId } = ctx;
  const type = meetingType(ctx);
  const defs = await loadDefinitions(db, organizationId, type.objectType);
  if (!(await findRecord(db, organizationId, type.objectType, id))) throw notFound(type.collection);
  const write = await validateWrite({ db, organizationId, defs, collection: type.collection, mode: 'update', body, defaultRegion: ctx.settings.defaultRegion, objectTypes: ctx.objectTypes });
  assertUpdatable(write);
  const at = ctx.now.toISOString();

  return writeTransaction(db, organizationId, async (trx) => {
    const row = await findRecord(trx, organizationId, type.objectType, id);
    if (!row) throw notFound(type.collection);
    const fields = withValues(parseStoredFields(row), write.fields.map(({ def, value }) => [def.key, value ?? privacyOption(defs, 'FULL') ?? null] as const));
    const links = await selectLinksOf(trx, [id]);
    const added: RecordLinkRow[] = [];
    const removed: RecordLinkRow[] = [];
    for (const { def, ops } of write.relationships) {
      const [next] = ops.replace!;
      const current = linkedIds(def, id, links);
      if (current.includes(next!)) continue;
      added.push(linkRow(organizationId, def, id, next!, at));
      removed.push(...current.map((other) => linkRow(organizationId, def, id, other, at)));
    }
    await applyWrite(trx, writeEnv(ctx), { type, defs, origin: 'update', recordId: id, row, fields, links, added, removed, countsAsUpdate: true });
    return readRecord({ ...ctx, db: trx }, type, defs, id);
  });
}
