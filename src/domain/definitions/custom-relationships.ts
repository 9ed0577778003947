import type { DB } from '../../storage/database.js';
import { insertRelationshipDefinition, selectRelationshipDefinitions } from '../../storage/definitions.js';
import type { RelationshipDefinitionRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { findCustomObject } from '../../storage/custom-objects.js';
import type { ObjectTypeRegistry } from '../object-types/object-type.js';
import { customizableTypes, type ObjectTypeInfo } from '../objects.js';
import { CUSTOM_KEY } from './custom-fields.js';
import { toRelationshipDefinition } from './load.js';
import type { Cardinality, RelationshipDefinition } from './types.js';

export interface NewCustomRelationship {
  key: unknown;
  label: unknown;
  cardinality: unknown;
  objectType: unknown;
  inverseKey: unknown;
  inverseLabel: unknown;
  inverseCardinality: unknown;
  description?: unknown;
}

function text(value: unknown, param: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new DomainError('invalid_type', `'${param}' must be a non-empty string.`, param);
  return value.trim();
}

function slug(value: unknown, param: string): string {
  const key = text(value, param);
  if (!CUSTOM_KEY.test(key)) throw new DomainError('invalid_value', `'${key}' is not a valid key: lower-case letters, digits and '-', starting with a letter.`, param);
  return key;
}

function cardinality(value: unknown, param: string): Cardinality {
  if (value !== 'HAS_ONE' && value !== 'HAS_MANY') throw new DomainError('invalid_value', `'${param}' must be HAS_ONE or HAS_MANY.`, param);
  return value;
}

/** Adds a relationship and its inverse as one link type: both sides read and write the same rows. */
export async function addCustomRelationship(
  db: DB,
  organizationId: string,
  type: ObjectTypeInfo,
  input: NewCustomRelationship,
  now: Date,
  /** The types this process serves, of which the customizable ones may be targets. */
  objectTypes?: ObjectTypeRegistry,
): Promise<{ relationship: RelationshipDefinition; inverse: RelationshipDefinition }> {
  const key = slug(input.key, 'key');
  const inverseKey = slug(input.inverseKey, 'inverseKey');
  const label = text(input.label, 'label');
  const inverseLabel = text(input.inverseLabel, 'inverseLabel');
  const forward = cardinality(input.cardinality, 'cardinality');
  const backward = cardinality(input.inverseCardinality, 'inverseCardinality');
  const { objectType } = type;
  if (!type.customizable) {
    throw new DomainError('invalid_configuration', `Custom relationships cannot be added to ${objectType}.`, 'objectType');
  }
  const target = input.objectType;
  const builtinTargets = customizableTypes(objectTypes);
  const targetKnown = typeof target === 'string' && (builtinTargets.includes(target) || (await findCustomObject(db, organizationId, target)) !== undefined);
  if (!targetKnown) {
    throw new DomainError('invalid_value', `'objectType' must be one of ${builtinTargets.join(', ')} or a custom object's slug.`, 'objectType');
  }
  if (input.description !== undefined && input.description !== null && typeof input.description !== 'string') {
    throw new DomainError('invalid_type', "'description' must be a string or null.", 'description');
  }
  if (target === objectType && key === inverseKey) throw new DomainError('invalid_value', "'inverseKey' must differ from 'key' on a relationship to the same type.", 'inverseKey');

  const id = newId('rd', now.getTime());
  const base = { organization_id: organizationId, derived: 0, access: 'writable', required: 0, read_only_hint: null, defaults_to_actor: 0, replace_allowed: 1, system: 0, created_at: now.toISOString() } as const;
  const rows: RelationshipDefinitionRow[] = [
    { ...base, id, object_type: objectType, key, label, description: (input.description as string | null | undefined) ?? null, cardinality: forward, target_type: target, link_type: id, side: 'source', position: 1000 },
    { ...base, id: newId('rd', now.getTime()), object_type: target, key: inverseKey, label: inverseLabel, description: null, cardinality: backward, target_type: objectType, link_type: id, side: 'target', position: 1000 },
  ];
  return writeTransaction(db, organizationId, async (trx) => {
    for (const row of rows) {
      const existing = await selectRelationshipDefinitions(trx, organizationId, row.object_type);
      row.position = 1000 + existing.length;
      if (!(await insertRelationshipDefinition(trx, row))) {
        throw new DomainError('conflict', `A relationship '${row.key}' already exists on ${row.object_type}.`, row === rows[0] ? 'key' : 'inverseKey');
      }
    }
    return { relationship: toRelationshipDefinition(rows[0]!), inverse: toRelationshipDefinition(rows[1]!) };
  });
}
