import type { ObjectType, ObjectTypeInfo, ObjectTypeRegistry, TypeName } from './object-types/object-type.js';
import { OBJECT_TYPE_NAMES } from './object-types/object-type.js';
import { BUILTIN_OBJECT_TYPES, CUSTOM_OBJECT_TYPE } from './object-types/registry.js';

export type { ObjectType, ObjectTypeInfo, TypeName } from './object-types/object-type.js';

/** A type of the registry as every layer sees it; `registry` is the built-in one unless a caller extends it (tests). */
export function builtinType(objectType: ObjectType, registry: ObjectTypeRegistry = BUILTIN_OBJECT_TYPES): ObjectTypeInfo {
  return registeredType(registry, objectType)!;
}

/** The registry's entry for `name`, or undefined when it has none. */
export function registeredType(registry: ObjectTypeRegistry, name: TypeName): ObjectTypeInfo | undefined {
  if (!Object.hasOwn(registry, name)) return undefined;
  const { plural, label, idPrefix, readScope, store, customizable, derive, effects, present, visibility, enrichment, lifecycle } = registry[name]!;
  return { objectType: name, collection: plural, path: plural, label, custom: false, idPrefix, readScope, store, customizable, derive, effects, present, visibility, enrichment, lifecycle };
}

/** What the type a relationship points to is called; a custom type's label is its slug here. */
export function typeInfoOf(name: TypeName, registry: ObjectTypeRegistry = BUILTIN_OBJECT_TYPES): ObjectTypeInfo {
  return registeredType(registry, name) ?? customType(name, name);
}

export function customType(slug: string, label: string): ObjectTypeInfo {
  const { idPrefix, readScope, store, customizable, effects, lifecycle } = CUSTOM_OBJECT_TYPE;
  return { objectType: slug, collection: slug, path: `objects/${slug}`, label, custom: true, idPrefix, readScope, store, customizable, effects, lifecycle };
}

export function isObjectType(value: string): value is ObjectType {
  return (OBJECT_TYPE_NAMES as readonly string[]).includes(value);
}

/** The built-in types an admin may add fields and relationships to. */
export function customizableTypes(registry: ObjectTypeRegistry = BUILTIN_OBJECT_TYPES): TypeName[] {
  return Object.keys(registry).filter((name) => registry[name]!.customizable);
}
