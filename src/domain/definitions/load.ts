import type { DB } from '../../storage/database.js';
import { selectDefinitionsVersion, selectFieldDefinitions, selectRelationshipDefinitions } from '../../storage/definitions.js';
import type { FieldDefinitionRow, RelationshipDefinitionRow } from '../../storage/schema.js';
import type { TypeName } from '../objects.js';
import type { TypeConfiguration, ValueTypeName } from '../values/value-type.js';
import type { Access, Cardinality, FieldDefinition, ObjectDefinitions, RelationshipDefinition } from './types.js';

export function toFieldDefinition(row: FieldDefinitionRow): FieldDefinition {
  return {
    id: row.id,
    objectType: row.object_type,
    key: row.key,
    label: row.label,
    description: row.description,
    valueType: row.value_type as ValueTypeName,
    config: JSON.parse(row.config) as TypeConfiguration,
    access: row.access as Access,
    required: row.required === 1,
    system: row.system === 1,
  };
}

export function toRelationshipDefinition(row: RelationshipDefinitionRow): RelationshipDefinition {
  return {
    id: row.id,
    objectType: row.object_type,
    key: row.key,
    label: row.label,
    description: row.description,
    cardinality: row.cardinality as Cardinality,
    targetType: row.target_type,
    linkType: row.link_type,
    side: row.side as 'source' | 'target',
    derived: row.derived === 1,
    access: row.access as Access,
    required: row.required === 1,
    readOnlyHint: row.read_only_hint,
    defaultsToActor: row.defaults_to_actor === 1,
    replaceAllowed: row.replace_allowed === 1,
    system: row.system === 1,
  };
}

/**
 * Definitions change rarely and are read by every request, so they are kept in memory under the
 * organization's definitions token; one primary-key read of the token replaces two sorted scans.
 * Bounded, least recently used dropped first.
 */
const cached = new Map<string, { version: string; defs: ObjectDefinitions }>();
const CACHE_CAPACITY = 2000;

export async function loadDefinitions(db: DB, organizationId: string, objectType: TypeName): Promise<ObjectDefinitions> {
  const version = await selectDefinitionsVersion(db, organizationId);
  const key = `${organizationId}\u0000${objectType}`;
  const hit = cached.get(key);
  cached.delete(key);
  if (hit?.version === version) {
    cached.set(key, hit);
    return hit.defs;
  }
  const [fields, relationships] = await Promise.all([
    selectFieldDefinitions(db, organizationId, objectType),
    selectRelationshipDefinitions(db, organizationId, objectType),
  ]);
  // Frozen: every request shares these objects, so a caller that changed one would change them all.
  const defs = deepFreeze({ objectType, fields: fields.map(toFieldDefinition), relationships: relationships.map(toRelationshipDefinition) });
  if (cached.size >= CACHE_CAPACITY) cached.delete(cached.keys().next().value!);
  cached.set(key, { version, defs });
  return defs;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
