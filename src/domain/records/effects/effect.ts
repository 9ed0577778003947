import type { DB } from '../../../storage/database.js';
import type { RecordLinkRow, RecordRow } from '../../../storage/schema.js';
import type { FieldDefinition, ObjectDefinitions } from '../../definitions/types.js';
import type { ObjectTypeInfo, StoredFields, TypeName } from '../../object-types/object-type.js';

/**
 * The API's writes, the system's own writes of the fields it derives, and a record's move to the
 * trash and back (a delete's change has no fields after it and every link removed; a restore's is
 * like a create's).
 */
export type WriteOrigin = 'create' | 'update' | 'derived' | 'delete' | 'restore';

/** One record's write as its rows now stand, inside the write's transaction. */
export interface RecordChange {
  type: ObjectTypeInfo;
  defs: ObjectDefinitions;
  origin: WriteOrigin;
  row: RecordRow;
  /** The stored fields before the write; undefined on create. */
  before: StoredFields | undefined;
  after: StoredFields;
  changedFields: readonly FieldDefinition[];
  added: readonly RecordLinkRow[];
  removed: readonly RecordLinkRow[];
  /**
   * The links an API write kept, removed or added: those before it, then the added ones. What
   * a record is or was linked to is found here; a derived write lists none, so an effect that
   * needs a link of a derived change reads it.
   */
  touched: readonly RecordLinkRow[];
}

/** Who writes, where and when, for a write and the effects it sets off. */
export interface WriteEnv {
  organizationId: string;
  now: Date;
  /** How summary runs are queued, and whether creates start enrichment runs. */
  jobs: { debounceMs: number; maxAttempts: number; enrichment?: boolean };
  /** Collects the workflow runs (wfr_…) the write queued, for the response to name. */
  workflowRuns: string[];
  /** The object type of a name, as the registry of this process has it. */
  typeOf(name: TypeName): ObjectTypeInfo;
  /**
   * The definitions of a type, read once per write, inside its transaction: an env serves one
   * transaction, and no definition changes while it holds the write lock. (Definitions read
   * before the lock, as a request's are, may be older: effects never reuse those.)
   */
  definitionsOf(trx: DB, objectType: TypeName): Promise<ObjectDefinitions>;
}

/**
 * Something a write changes besides its own record: a derived field of another record, a queued
 * job. Runs in the write's transaction, after the record's rows, so a failed effect undoes the
 * write. A type lists its effects in the registry; a new effect is a new entry there.
 */
export interface AfterWriteEffect {
  name: string;
  apply(trx: DB, change: RecordChange, env: WriteEnv): Promise<void>;
}

/** Whether the change touched any of these fields. */
export function changedAny(change: RecordChange, keys: readonly string[]): boolean {
  return change.changedFields.some((def) => keys.includes(def.key));
}
