import type { IdPrefix } from './ids.js';

/** The built-in object types: how each is named on the wire, in ids, in scopes and in URLs. */
export const OBJECT_TYPES = {
  account: { plural: 'accounts', idPrefix: 'acc', label: 'Account' },
  contact: { plural: 'contacts', idPrefix: 'con', label: 'Contact' },
  opportunity: { plural: 'opportunities', idPrefix: 'opp', label: 'Opportunity' },
  task: { plural: 'tasks', idPrefix: 'tsk', label: 'Task' },
  note: { plural: 'notes', idPrefix: 'nte', label: 'Note' },
  meeting: { plural: 'meetings', idPrefix: 'mtg', label: 'Meeting' },
  member: { plural: 'members', idPrefix: 'mem', label: 'Member' },
} as const satisfies Record<string, { plural: string; idPrefix: IdPrefix; label: string }>;

export type ObjectType = keyof typeof OBJECT_TYPES;

/** A built-in object type, or the slug of an organization's custom object type. */
export type TypeName = string;

/** How one object type is named wherever it appears: in messages, URLs and ids. */
export interface ObjectTypeInfo {
  objectType: TypeName;
  /** What messages call the collection: `opportunities`, or a custom object's slug. */
  collection: string;
  /** Its records' path under `/v1` and `/crm`: `opportunities`, or `objects/{slug}`. */
  path: string;
  idPrefix: IdPrefix;
  label: string;
  custom: boolean;
}

export function builtinType(objectType: ObjectType): ObjectTypeInfo {
  const { plural, idPrefix, label } = OBJECT_TYPES[objectType];
  return { objectType, collection: plural, path: plural, idPrefix, label, custom: false };
}

/** What the type a relationship points to is called; a custom type's label is its slug here. */
export function typeInfoOf(name: TypeName): ObjectTypeInfo {
  return isObjectType(name) ? builtinType(name) : customType(name, name);
}

export function customType(slug: string, label: string): ObjectTypeInfo {
  return { objectType: slug, collection: slug, path: `objects/${slug}`, idPrefix: 'rec', label, custom: true };
}

/** Built-in types that accept custom fields and relationships (custom object types all do). */
export const CUSTOMIZABLE_TYPES: readonly ObjectType[] = ['account', 'contact', 'opportunity'];

export function isObjectType(value: string): value is ObjectType {
  return Object.hasOwn(OBJECT_TYPES, value);
}
