import type { DB } from '../../storage/database.js';
import { insertFieldDefinitions, insertRelationshipDefinitions } from '../../storage/definitions.js';
import type { FieldDefinitionRow, RelationshipDefinitionRow } from '../../storage/schema.js';
import { newId } from '../ids.js';
import type { ObjectTypeRegistry } from '../object-types/object-type.js';
import { BUILTIN_OBJECT_TYPES } from '../object-types/registry.js';
import type { SelectOption } from '../values/value-type.js';
import type { SystemField } from './system-definitions.js';

function options(field: SystemField, at: number): SelectOption[] | undefined {
  return field.options?.map((o) => (typeof o === 'string' ? { id: newId('opt', at), label: o } : { id: newId('opt', at), ...o }));
}

/**
 * Gives an organization every system definition it does not have yet, with ids of its own.
 * Run at organization creation and at every start, so definitions added by an upgrade appear.
 */
export async function ensureSystemDefinitions(db: DB, organizationId: string, now: Date, registry: ObjectTypeRegistry = BUILTIN_OBJECT_TYPES): Promise<void> {
  const at = now.getTime();
  const createdAt = now.toISOString();
  const fields: FieldDefinitionRow[] = [];
  const relationships: RelationshipDefinitionRow[] = [];
  for (const [objectType, { definitions }] of Object.entries(registry)) {
    definitions.fields.forEach((field, position) => {
      const opts = options(field, at);
      fields.push({
        id: newId('ad', at),
        organization_id: organizationId,
        object_type: objectType,
        key: field.key,
        label: field.label,
        description: null,
        value_type: field.valueType,
        config: JSON.stringify({ ...field.config, ...(opts ? { options: opts } : {}) }),
        access: field.access ?? 'writable',
        required: field.required ? 1 : 0,
        system: 1,
        position,
        created_at: createdAt,
      });
    });
    definitions.relationships.forEach((rel, position) => {
      relationships.push({
        id: newId('rd', at),
        organization_id: organizationId,
        object_type: objectType,
        key: rel.key,
        label: rel.label,
        description: null,
        cardinality: rel.cardinality,
        target_type: rel.targetType,
        link_type: rel.linkType,
        side: rel.side,
        derived: rel.derived ? 1 : 0,
        access: rel.access ?? 'writable',
        required: rel.required ? 1 : 0,
        read_only_hint: rel.readOnlyHint ?? null,
        defaults_to_actor: rel.defaultsToActor ? 1 : 0,
        replace_allowed: rel.noReplace ? 0 : 1,
        system: 1,
        position,
        created_at: createdAt,
      });
    });
  }
  await insertFieldDefinitions(db, fields);
  await insertRelationshipDefinitions(db, relationships);
}
