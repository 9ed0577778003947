import type { DB } from '../../storage/database.js';
import type { ObjectTypeRegistry } from '../object-types/object-type.js';

/** Deployment settings that shape how records are read and written. */
export interface RecordSettings {
  /** Base of every `httpLink`. */
  publicUrl: string;
  /** Region for telephone numbers written without `+`. */
  defaultRegion: string;
  /** ISO 4217 code of CURRENCY fields that do not name their own. */
  currency: string;
  /** How summary runs are queued by writes; `enrichment`: a provider is configured, so creates and requests start enrichment runs. */
  jobs: { debounceMs: number; maxAttempts: number; enrichment?: boolean };
}

/** Who is writing, where, and when: everything a record operation needs besides its input. */
export interface RecordContext {
  db: DB;
  organizationId: string;
  /** The member the API key acts as: the default `$createdBy`. */
  memberId: string;
  /** The key holds `admin`: it reads records hidden from other members (private channels). */
  admin?: boolean;
  now: Date;
  settings: RecordSettings;
  /** Filled with the workflow runs (wfr_…) a write queued, for the response to name. */
  workflowRuns?: string[];
  /** The request's idempotency key, when it has one. */
  idempotency?: IdempotentEffect;
  /** The object types this process serves; the built-in registry unless a test extends it. */
  objectTypes?: ObjectTypeRegistry;
}

/**
 * How a create under an idempotency key stays exactly-once when its process dies after the
 * commit but before the answer: it notes its record in its own transaction, and the retry that
 * takes the key over finds it.
 */
export interface IdempotentEffect {
  /** The id an earlier try under this key created without answering. */
  recovered: string | undefined;
  /** Notes, inside the write's transaction, the id this try creates. */
  record(trx: DB, id: string): Promise<void>;
  /** Says the answer is the recovered record, not a new one. */
  answeredWithRecovered(): void;
  /**
   * While set, an error answer keeps the key held rather than freeing it: what the request did
   * may have taken effect outside fieldhouse (a relay may have the message), so a retry under the
   * key must find it through `recovered` instead of doing it again.
   */
  holdOnFailure(hold: boolean): void;
}
