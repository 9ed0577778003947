import type { DB } from '../storage/database.js';
import { findCustomObject, insertCustomObject, listCustomObjects } from '../storage/custom-objects.js';
import { insertFieldDefinition } from '../storage/definitions.js';
import { writeTransaction } from '../storage/transactions.js';
import { CUSTOM_KEY } from './definitions/custom-fields.js';
import { DomainError } from './errors.js';
import { newId } from './ids.js';
import type { ObjectTypeRegistry } from './object-types/object-type.js';
import { BUILTIN_OBJECT_TYPES } from './object-types/registry.js';
import { customType, isObjectType, type ObjectTypeInfo } from './objects.js';

export interface ObjectTypeSummary {
  objectType: string;
  label: string;
}

/**
 * Collections of the public API that fieldhouse serves, or will, as built-in types: a custom
 * object of that name would share their records once they are built in, so none may take one.
 */
const PUBLIC_COLLECTIONS = ['list', 'lists', 'file', 'files', 'email', 'emails', 'channel', 'channels', 'message', 'messages', 'merge', 'merges'];

const RESERVED = new Set([...Object.keys(BUILTIN_OBJECT_TYPES), ...Object.values(BUILTIN_OBJECT_TYPES).map((t) => t.plural), ...PUBLIC_COLLECTIONS, 'objects', 'values', 'definitions']);

/** Adds a custom object type whose records have a required `$name` and whatever an admin adds. */
export async function createCustomObject(db: DB, organizationId: string, input: { slug: unknown; label: unknown }, now: Date): Promise<ObjectTypeSummary> {
  const { slug, label } = input;
  if (typeof slug !== 'string') throw new DomainError('invalid_type', "'slug' must be a string.", 'slug');
  if (!CUSTOM_KEY.test(slug) || RESERVED.has(slug)) {
    throw new DomainError('invalid_value', `'${slug}' is not a usable slug: lower-case letters, digits and '-', starting with a letter, and not a built-in type.`, 'slug');
  }
  if (typeof label !== 'string' || label.trim() === '') throw new DomainError('invalid_type', "'label' must be a non-empty string.", 'label');
  const at = now.toISOString();
  await writeTransaction(db, organizationId, async (trx) => {
    if (!(await insertCustomObject(trx, { organization_id: organizationId, slug, label: label.trim(), created_at: at }))) {
      throw new DomainError('conflict', `A custom object '${slug}' already exists.`, 'slug');
    }
    await insertFieldDefinition(trx, {
      id: newId('ad', now.getTime()),
      organization_id: organizationId,
      object_type: slug,
      key: '$name',
      label: 'Name',
      description: null,
      value_type: 'TEXT',
      config: '{}',
      access: 'writable',
      required: 1,
      system: 1,
      position: 0,
      created_at: at,
    });
  });
  return { objectType: slug, label: label.trim() };
}

export async function listObjectTypes(db: DB, organizationId: string): Promise<ObjectTypeSummary[]> {
  return (await listCustomObjects(db, organizationId)).map((row) => ({ objectType: row.slug, label: row.label }));
}

/** The custom object type named by a URL's slug; an unknown slug is a 404. */
export async function resolveCustomObject(db: DB, organizationId: string, slug: string): Promise<ObjectTypeInfo> {
  const row = isObjectType(slug) ? undefined : await findCustomObject(db, organizationId, slug);
  if (!row) throw new DomainError('not_found', `No resource found in 'objects' with the slug '${slug}'.`);
  return customType(row.slug, row.label);
}

/**
 * Refuses a database where a custom object has the name of a type this version serves built in
 * (created before that type existed): records are stored under their type's name, so the two
 * types' records would merge silently. A plural alone collides with nothing stored.
 */
export async function assertNoCustomObjectShadowed(db: DB, organizationIds: readonly string[], registry: ObjectTypeRegistry): Promise<void> {
  for (const organizationId of organizationIds) {
    for (const row of await listCustomObjects(db, organizationId)) {
      if (!Object.hasOwn(registry, row.slug)) continue;
      throw new DomainError(
        'conflict',
        `Custom object '${row.slug}' of organization ${organizationId} has the name of the built-in type '${row.slug}' this version serves; their records would merge. Keep serving this database with the version that created it.`,
      );
    }
  }
}
