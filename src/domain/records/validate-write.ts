import type { DB } from '../../storage/database.js';
import { fileStatuses } from '../../storage/files.js';
import { existingMemberIds } from '../../storage/members.js';
import { existingRecordIds } from '../../storage/records.js';
import { fieldContext } from '../definitions/field-context.js';
import type { FieldDefinition, ObjectDefinitions, RelationshipDefinition } from '../definitions/types.js';
import { DomainError } from '../errors.js';
import type { ObjectTypeRegistry } from '../object-types/object-type.js';
import { typeInfoOf } from '../objects.js';
import { valueType } from '../values/registry.js';
import type { StoredValue } from '../values/value-type.js';
import { idsWritten, parseCreateRelationship, parseUpdateRelationship, type RelationshipOps } from './relationship-input.js';
import { isPlainObject } from '../plain-object.js';

export type WriteMode = 'create' | 'update';

/** The most ids one request may write to one relationship. */
export const RELATIONSHIP_WRITE_LIMIT = 25;

export interface FieldWrite {
  def: FieldDefinition;
  /** null clears the field. */
  value: StoredValue;
}

export interface RelationshipWrite {
  def: RelationshipDefinition;
  ops: RelationshipOps;
}

export interface ValidatedWrite {
  fields: FieldWrite[];
  relationships: RelationshipWrite[];
}

export interface WriteInput {
  db: DB;
  organizationId: string;
  defs: ObjectDefinitions;
  /** What messages call the collection, e.g. `accounts`. */
  collection: string;
  mode: WriteMode;
  body: unknown;
  defaultRegion: string;
  /** The registry of this process, which says where each target type's records live. */
  objectTypes?: ObjectTypeRegistry;
}


/** Absent, or one of the forms that clear a field (value-types.md): on create, a required field so written is missing. */
function isMissing(raw: unknown): boolean {
  if (raw === undefined || raw === null || raw === '') return true;
  if (Array.isArray(raw)) return raw.length === 0;
  return isPlainObject(raw) && Object.keys(raw).length > 0 && Object.values(raw).every((v) => v === null || v === '');
}

function writable(access: FieldDefinition['access'], mode: WriteMode): boolean {
  return access === 'writable' || (access === 'create-only' && mode === 'create');
}

/** Which of `ids` a relationship may point at: records and members that exist; files once their upload is complete. */
async function linkableIds(input: WriteInput, targetType: string, ids: readonly string[], param: string): Promise<Set<string>> {
  const store = typeInfoOf(targetType, input.objectTypes).store;
  if (store === 'members') return existingMemberIds(input.db, input.organizationId, ids);
  if (store === 'records') return existingRecordIds(input.db, input.organizationId, targetType, ids);
  const statuses = await fileStatuses(input.db, input.organizationId, ids);
  for (const [id, status] of statuses) {
    if (status !== 'COMPLETED') throw new DomainError('invalid_value', `File '${id}' is ${status}; only a COMPLETED file can be linked.`, param);
  }
  return new Set(statuses.keys());
}

/**
 * Checks a create or update body against the definitions in the order api-conventions.md
 * gives; the first failing step wins, and within a step the first key in body order. Reads
 * only: nothing is written until every check has passed.
 */
export async function validateWrite(input: WriteInput): Promise<ValidatedWrite> {
  const { defs, mode } = input;

  // 2. envelope
  if (!isPlainObject(input.body)) throw new DomainError('invalid_type', 'The request body must be a JSON object.', 'body');
  const { fields: rawFields = {}, relationships: rawRelationships = {} } = input.body;
  if (!isPlainObject(rawFields)) throw new DomainError('invalid_type', "'fields' must be an object.", 'fields');
  if (!isPlainObject(rawRelationships)) throw new DomainError('invalid_type', "'relationships' must be an object.", 'relationships');
  const parse = mode === 'create' ? parseCreateRelationship : parseUpdateRelationship;
  const relationshipOps = Object.entries(rawRelationships).map(([key, value]) => [key, parse(key, value)] as const);

  // 3. unknown keys
  const fieldDefs = new Map(defs.fields.map((d) => [d.key, d]));
  const relationshipDefs = new Map(defs.relationships.map((d) => [d.key, d]));
  for (const key of Object.keys(rawFields)) {
    if (!fieldDefs.has(key)) throw new DomainError('unknown_field', `Unrecognized field '${key}' for '${input.collection}'.`, `fields.${key}`);
  }
  for (const [key] of relationshipOps) {
    if (!relationshipDefs.has(key)) throw new DomainError('unknown_relationship', `Unrecognized relationship '${key}' for '${input.collection}'.`, `relationships.${key}`);
  }

  // A relationship that takes no 'replace' on update is refused as a malformed operation.
  for (const [key, ops] of relationshipOps) {
    if (mode === 'update' && ops.replace !== undefined && !relationshipDefs.get(key)!.replaceAllowed) {
      throw new DomainError('invalid_type', `Relationship '${key}' takes only 'add' and 'remove' on update.`, `relationships.${key}.replace`);
    }
  }

  // 4. required keys on create
  if (mode === 'create') {
    for (const def of defs.fields) {
      if (def.required && isMissing(rawFields[def.key])) {
        throw new DomainError('parameter_missing', `Missing required field '${def.key}'.`, `fields.${def.key}`);
      }
    }
    const given = new Map(relationshipOps);
    for (const def of defs.relationships) {
      if (def.required && !def.defaultsToActor && (given.get(def.key)?.replace ?? []).length === 0) {
        throw new DomainError('parameter_missing', `Missing required relationship '${def.key}'.`, `relationships.${def.key}`);
      }
    }
  }

  // 5. JSON kinds
  const entries = Object.entries(rawFields).map(([key, raw]) => ({ def: fieldDefs.get(key)!, raw }));
  for (const { def, raw } of entries) {
    if (raw === null) continue;
    const fault = valueType(def.valueType).checkShape(raw, fieldContext(def, input.defaultRegion));
    if (fault) throw fault;
  }

  // 6. read-only
  for (const { def } of entries) {
    if (!writable(def.access, mode)) {
      const why = def.access === 'create-only' ? 'can only be set on create' : 'is read-only';
      throw new DomainError('read_only', `Field '${def.key}' ${why}.`, `fields.${def.key}`);
    }
  }
  const relationships = relationshipOps.map(([key, ops]) => ({ def: relationshipDefs.get(key)!, ops }));
  for (const { def } of relationships) {
    if (!writable(def.access, mode)) {
      const why = def.access === 'create-only' ? 'can only be set on create' : 'is read-only';
      throw new DomainError('read_only', `Relationship '${def.key}' ${why}.${def.readOnlyHint ? ` ${def.readOnlyHint}` : ''}`, `relationships.${def.key}`);
    }
  }

  // 7. acceptable values
  const fields: FieldWrite[] = [];
  for (const { def, raw } of entries) {
    const value = raw === null ? null : valueType(def.valueType).normalize(raw, fieldContext(def, input.defaultRegion));
    if (value instanceof DomainError) throw value;
    if (value === null && def.required) {
      if (mode === 'create') throw new DomainError('parameter_missing', `Missing required field '${def.key}'.`, `fields.${def.key}`);
      throw new DomainError('invalid_value', `Field '${def.key}' is required and cannot be cleared.`, `fields.${def.key}`);
    }
    fields.push({ def, value });
  }

  // 8. linked records exist in this organization, as the right type
  for (const { def, ops } of relationships) {
    // Removing an id that is not linked is a no-op, so only ids being linked must exist.
    const ids = [...new Set([...(ops.replace ?? []), ...ops.add])];
    const found = await linkableIds(input, def.targetType, ids, `relationships.${def.key}`);
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) {
      throw new DomainError('relationship_entity_missing', `No ${def.targetType} with id '${missing}' for relationship '${def.key}'.`, `relationships.${def.key}`);
    }
  }

  // 9. cardinality, then the per-request limit over every relationship written
  let count = 0;
  for (const { def, ops } of relationships) {
    const param = `relationships.${def.key}`;
    if (def.cardinality === 'HAS_ONE' && ((ops.replace?.length ?? 0) > 1 || ops.add.length > 1)) {
      throw new DomainError('invalid_type', `Relationship '${def.key}' holds one ${def.targetType}; got several ids.`, param);
    }
    count += idsWritten(ops).length;
    if (count > RELATIONSHIP_WRITE_LIMIT) {
      throw new DomainError(
        'relationship_write_limit_exceeded',
        `At most ${RELATIONSHIP_WRITE_LIMIT} relationship ids can be written in one request; '${def.key}' brings it to ${count}.`,
        param,
      );
    }
  }
  return { fields, relationships };
}
