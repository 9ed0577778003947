import { SYSTEM_DEFINITIONS } from '../definitions/system-definitions.js';
import type { RelationshipDefinition } from '../definitions/types.js';
import type { ObjectType } from '../object-types/object-type.js';

/**
 * The types a list may hold: the targets of the list's relationships (`$accounts` → account),
 * which are also the keys members are written under. Lists are not customizable, so the system
 * definitions are what every organization has.
 */
export const LIST_MEMBER_TYPES: readonly ObjectType[] = SYSTEM_DEFINITIONS.list.relationships.map((r) => r.targetType);

/** How `$objectType` reads back: the type with its system prefix, `$account`. */
export function objectTypeValue(memberType: string): string {
  return `$${memberType}`;
}

/** The member type `$objectType` names: `$account`, or the bare `account` older clients send. */
export function parseObjectTypeValue(raw: string): ObjectType | undefined {
  const name = raw.startsWith('$') ? raw.slice(1) : raw;
  return LIST_MEMBER_TYPES.find((type) => type === name);
}

/** The relationship a list of `memberType` takes its members under. */
export function memberRelationship(relationships: readonly RelationshipDefinition[], memberType: string): RelationshipDefinition | undefined {
  return relationships.find((def) => def.targetType === memberType);
}
