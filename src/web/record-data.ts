import type { Principal } from '../domain/access/api-keys.js';
import { grants } from '../domain/access/scopes.js';
import { loadDefinitions } from '../domain/definitions/load.js';
import type { ObjectDefinitions } from '../domain/definitions/types.js';
import { DomainError } from '../domain/errors.js';
import { retrieveMember } from '../domain/members-view.js';
import type { ObjectTypeRegistry } from '../domain/object-types/object-type.js';
import { registeredType, typeInfoOf, type ObjectTypeInfo } from '../domain/objects.js';
import type { RecordSettings } from '../domain/records/context.js';
import { retrieveRecord } from '../domain/records/read-records.js';
import { parseStoredFields, type RecordView } from '../domain/records/render-record.js';
import type { DB } from '../storage/database.js';
import { findMember } from '../storage/members.js';
import { findFile } from '../storage/files.js';
import { findRecords } from '../storage/records.js';
import { fullName } from './display-value.js';

/** Everything a record page shows: the record as the API reads it, its definitions, and the names of what it links to. */
export interface RecordPageData {
  type: ObjectTypeInfo;
  view: RecordView;
  definitions: ObjectDefinitions;
  /** Linked record id → its name; absent when unknown or not readable with this key. */
  linkedNames: Map<string, string>;
  /** The registry of this process, which says where linked types' pages are. */
  objectTypes: ObjectTypeRegistry;
}

export interface PageContext {
  db: DB;
  principal: Principal;
  settings: RecordSettings;
  objectTypes: ObjectTypeRegistry;
}

/** The served type whose records are at `/crm/{plural}`; members have pages too, though not record routes. */
export function typeOfPlural(registry: ObjectTypeRegistry, plural: string): ObjectTypeInfo | undefined {
  const name = Object.keys(registry).find((type) => registry[type]!.plural === plural);
  return name === undefined ? undefined : registeredType(registry, name);
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
  const byStore = { records: new Set<string>(), members: new Set<string>(), files: new Set<string>() };
  for (const relationship of Object.values(view.relationships)) {
    const type = typeInfoOf(relationship.objectType, ctx.objectTypes);
    // Names of types this key may not read stay hidden; the ids are in the API's reply anyway.
    if (!grants(ctx.principal.scopes, type.readScope)) continue;
    relationship.values.forEach((id) => byStore[type.store].add(id));
  }
  const names = new Map<string, string>();
  const { organizationId } = ctx.principal;
  const memberIds = [...byStore.members];
  const recordIds = [...byStore.records];
  const [memberRows, recordRows, fileRows] = await Promise.all([
    Promise.all(memberIds.map((id) => findMember(ctx.db, organizationId, id))),
    findRecords(ctx.db, organizationId, recordIds),
    Promise.all([...byStore.files].map((id) => findFile(ctx.db, organizationId, id))),
  ]);
  for (const file of fileRows) if (file) names.set(file.id, file.filename);
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
  if (!grants(ctx.principal.scopes, type.readScope)) {
    throw new DomainError('forbidden', `This API key does not have the '${type.readScope}' scope.`);
  }
  const readContext = { db: ctx.db, organizationId: ctx.principal.organizationId, memberId: ctx.principal.memberId, admin: grants(ctx.principal.scopes, 'admin'), settings: ctx.settings };
  const [view, definitions] = await Promise.all([
    type.store === 'members' ? retrieveMember(readContext, id) : retrieveRecord(readContext, type, id),
    loadDefinitions(ctx.db, ctx.principal.organizationId, type.objectType),
  ]);
  return { type, view, definitions, linkedNames: await linkedNames(ctx, view), objectTypes: ctx.objectTypes };
}
