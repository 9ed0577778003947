import type { TypeName } from '../objects.js';
import type { TypeConfiguration, ValueTypeName } from '../values/value-type.js';

export type Cardinality = 'HAS_ONE' | 'HAS_MANY';

/** How the API may write a field or relationship. */
export type Access =
  | 'writable'
  /** settable on create, read-only after */
  | 'create-only'
  /** never written through the API */
  | 'read-only';

export interface FieldDefinition {
  id: string;
  objectType: TypeName;
  key: string;
  label: string;
  description: string | null;
  valueType: ValueTypeName;
  config: TypeConfiguration;
  access: Access;
  required: boolean;
  system: boolean;
}

export interface RelationshipDefinition {
  id: string;
  objectType: TypeName;
  key: string;
  label: string;
  description: string | null;
  cardinality: Cardinality;
  targetType: TypeName;
  /**
   * Both sides of one link share its `linkType`; `side` says which end of the stored
   * (source → target) row this definition reads from.
   */
  linkType: string;
  side: 'source' | 'target';
  /** Values computed from other data (meetings), not stored as links of this type. */
  derived: boolean;
  access: Access;
  required: boolean;
  /** Why a read-only relationship cannot be written, and what to write instead. */
  readOnlyHint: string | null;
  /** On create, defaults to the API key's member when not given. */
  defaultsToActor: boolean;
  /** Whether an update may use `replace` (notes only add and remove). */
  replaceAllowed: boolean;
  system: boolean;
}

/** Everything defined for one object type in one organization, in display order. */
export interface ObjectDefinitions {
  objectType: TypeName;
  fields: FieldDefinition[];
  relationships: RelationshipDefinition[];
}
