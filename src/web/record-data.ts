import type { Principal } from '../domain/access/api-keys.js';
import { grants, type Scope } from '../domain/access/scopes.js';
import { loadDefinitions } from '../domain/definitions/load.js';
import type { ObjectDefinitions } from '../domain/definitions/types.js';
import { DomainError } from '../domain/errors.js';
import { retrieveMember } from '../domain/members-view.js';
import { OBJECT_TYPES, typeInfoOf, type ObjectType, type ObjectTypeInfo } from '../domain/objects.js';
import type { RecordSettings } from '../domain/records/context.js';
import { retrieveRecord } from '../domain/records/read-records.js';
import { parseStoredFields, type RecordView } from '../domain/records/render-record.js';
import type { DB } from '../storage/database.js';
import { findMember } from '../storage/members.js';
import { findRecords } from '../storage/records.js';
import { fullName } from './display-value.js';

/** Everything a record page shows: the record as the API reads it, its definitions, and the names of what it links to. */
export interface RecordPageData {
  type: ObjectTypeInfo;
  view: RecordView;
  definitions: ObjectDefinitions;
  /** Linked record id → its name; absent when unknown or not readable with this key. */
  linkedNames: Map<string, string>;
}

export interface PageContext {
  db: DB;
  principal: Principal;
  settings: RecordSettings;
}

export function objectTypeOfPlural(plural: string): ObjectType | undefined {
  return (Object.keys(OBJECT_TYPES) as ObjectType[]).find((type) => OBJECT_TYPES[type].plural === plural);
}

/** The scope a key needs to read records of `objectType`, as the matching /v1 retrieve asks. */
export function readScope(type: ObjectTypeInfo): Scope {
  if (type.custom) return 'objects:read';
  return type.objectType === 'member' ? 'members:read' : (`${type.collection}:read` as Scope);
}

/** A record's name as people call it: `$name` (text or first and last), else `$title`. */
export function nameOf(fields: Record<string, unknown>): string | null {
  for (const key of ['$name', '$title']) {
    const value = fields[key];
    const name = typeof value === 'string' ? value.trim() : fullName(value);
    if (name) return name;
  }
  return null;
}

async function linkedNames(ctx: PageContext, view: RecordView): Promise<Map<string, string>> {
  const byType = new Map<string, Set<string>>();
  for (const relationship of Object.values(view.relationships)) {
    const type = typeInfoOf(relationship.objectType);
    // Names of types this key may not read stay hidden; the ids are in the API's reply anyway.
    if (!grants(ctx.principal.scopes, readScope(type))) continue;
    const ids = byType.get(type.objectType) ?? new Set<string>();
    relationship.values.forEach((id) => ids.add(id));
    byType.set(type.objectType, ids);
  }
  const names = new Map<string, string>();
  const { organizationId } = ctx.principal;
  const memberIds = [...(byType.get('member') ?? [])];
  byType.delete('member');
  const recordIds = [...byType.values()].flatMap((ids) => [...ids]);
  const [memberRows, recordRows] = await Promise.all([
    Promise.all(memberIds.map((id) => findMember(ctx.db, organizationId, id))),
    findRecords(ctx.db, organizationId, recordIds),
  ]);
  for (const member of memberRows) {
    if (member) names.set(member.id, fullName({ firstName: member.first_name, lastName: member.last_name }) ?? member.email);
  }
  for (const row of recordRows) {
    const name = nameOf(parseStoredFields(row));
    if (name) names.set(row.id, name);
  }
  return names;
}

/** The page's data, or a `not_found` DomainError for an unknown id or one of another organization. */
export async function loadRecordPage(ctx: PageContext, type: ObjectTypeInfo, id: string): Promise<RecordPageData> {
  if (!grants(ctx.principal.scopes, readScope(type))) {
    throw new DomainError('forbidden', `This API key does not have the '${readScope(type)}' scope.`);
  }
  const readContext = { db: ctx.db, organizationId: ctx.principal.organizationId, settings: ctx.settings };
  const [view, definitions] = await Promise.all([
    type.objectType === 'member' ? retrieveMember(readContext, id) : retrieveRecord(readContext, type, id),
    loadDefinitions(ctx.db, ctx.principal.organizationId, type.objectType),
  ]);
  return { type, view, definitions, linkedNames: await linkedNames(ctx, view) };
}
