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

/** Types whose records live in the generic record store (members have their own table). */
export type RecordObjectType = Exclude<ObjectType, 'member'>;

/** Types that accept custom fields and relationships. */
export const CUSTOMIZABLE_TYPES: readonly ObjectType[] = ['account', 'contact', 'opportunity'];

export function isObjectType(value: string): value is ObjectType {
  return Object.hasOwn(OBJECT_TYPES, value);
}

export function objectTypeOfId(id: string): ObjectType | undefined {
  const prefix = id.split('_', 1)[0];
  return (Object.keys(OBJECT_TYPES) as ObjectType[]).find((t) => OBJECT_TYPES[t].idPrefix === prefix);
}
