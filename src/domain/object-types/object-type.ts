import type { Scope } from '../access/scopes.js';
import type { SystemDefinitions } from '../definitions/system-definitions.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import type { IdPrefix } from '../ids.js';
import type { AfterWriteEffect } from '../records/effects/effect.js';
import type { LinkEnd } from '../records/links.js';
import type { PresentRecords } from '../records/present.js';
import type { RecordView } from '../records/render-record.js';
import type { VisibilityRule } from '../records/visibility.js';
import type { StoredValue } from '../values/value-type.js';

/** The built-in object types. A name without an entry in the registry does not compile. */
export const OBJECT_TYPE_NAMES = ['account', 'contact', 'opportunity', 'task', 'note', 'meeting', 'email', 'member', 'list', 'file', 'channel', 'message'] as const;

export type ObjectType = (typeof OBJECT_TYPE_NAMES)[number];

/** A built-in object type, or the slug of an organization's custom object type. */
export type TypeName = string;

export type StoredFields = Record<string, StoredValue>;

/**
 * Sets the fields the server keeps from the others, on the stored fields about to be written:
 * a create (`before` undefined), an update, or a re-derivation (`before` is what is stored).
 */
export type DeriveStoredFields = (defs: ObjectDefinitions, before: StoredFields | undefined, stored: StoredFields, now: Date) => void;

export type RecordStore = 'records' | 'members' | 'files';

/** The scopes that create and update a type's records over its record routes. */
export interface WriteScopes {
  create: Scope;
  update: Scope;
}

/** The newer API's lifecycle operations a type's records have (spec/newer-api.md). */
export interface Lifecycle {
  /** `DELETE` and restore need this scope; merges need it and `updateScope`. */
  deleteScope: Scope;
  updateScope: Scope;
  /** `GET …/{id}/fields/{fieldKey}/history`. */
  fieldHistory: boolean;
  /** `POST …/merge` and merge undo. */
  merge: boolean;
  /** Two records merge only when they hold the same records at this end (opportunities: one account). */
  mergeWithin?: LinkEnd;
  /** How a delete or restore answers the record, where the type's API reads it other than as the record envelope (lists). */
  answer?: (view: RecordView) => object;
}

/** What an enrichment run of a type's records fills, and where its provider looks (spec/newer-api.md). */
export interface Enrichment {
  entityType: 'account' | 'contact';
  /** The fields and relationships a run may fill. */
  targets: readonly string[];
  /** The first `$website`, or the company domain of the first work address in `$email`. */
  source: { field: string; kind: 'website' | 'work email' };
}

/** Everything that differs between object types, for one type: one registry entry each. */
export interface ObjectTypeEntry {
  /** Its records' collection, under `/v1` and `/crm`: `opportunities`. */
  plural: string;
  idPrefix: IdPrefix;
  label: string;
  /** The scope that reads its records, over the API and on web pages. */
  readScope: Scope;
  /** Where its records live: the record store, the members table (people with keys), or the files table. */
  store: RecordStore;
  /**
   * Served as records: create, retrieve, update, list and definitions under `/v1/{plural}`, the
   * writes needing these scopes. Absent: served by routes of its own (members), or not yet.
   */
  recordRoutes?: WriteScopes;
  /** Admins may add custom fields and relationships to it. */
  customizable: boolean;
  /** Its system fields and relationships, seeded into every organization. */
  definitions: SystemDefinitions;
  derive?: DeriveStoredFields;
  /** What else a write to one of its records changes, in this order, in the write's transaction. */
  effects: readonly AfterWriteEffect[];
  /** How its records read to one caller, where that differs from the plain envelope (meetings' privacy). */
  present?: PresentRecords;
  /** Which records a reader may see at all, where not every one (private channels); admins see all. */
  visibility?: VisibilityRule;
  /** Enrichment runs: started on create and on request. */
  enrichment?: Enrichment;
  /** Deletable (and so on); absent for types that are never deleted over the API. */
  lifecycle?: Lifecycle;
}

/** Object types by name: the built-in registry, or (in tests) one with more types. */
export type ObjectTypeRegistry = Readonly<Record<TypeName, ObjectTypeEntry>>;

/** The part of an entry every type has, custom object types included. */
export type TypeBehaviour = Pick<ObjectTypeEntry, 'idPrefix' | 'readScope' | 'store' | 'customizable' | 'derive' | 'effects' | 'present' | 'visibility' | 'enrichment' | 'lifecycle'>;

/** How one object type is named and behaves wherever it appears: in messages, URLs, ids and writes. */
export interface ObjectTypeInfo extends TypeBehaviour {
  objectType: TypeName;
  /** What messages call the collection: `opportunities`, or a custom object's slug. */
  collection: string;
  /** Its records' path under `/v1` and `/crm`: `opportunities`, or `objects/{slug}`. */
  path: string;
  label: string;
  custom: boolean;
}
