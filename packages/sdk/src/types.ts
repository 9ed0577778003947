// Request and response types of the Lightfield API 2026-03-01 as fieldhouse serves it. Keys are the
// wire's: camelCase, system fields and relationships `$`-prefixed, custom ones bare slugs. What each
// record type's create and update take is in record-params.ts, re-exported here.

export * from './record-params.js';
import type { ObjectRetrieveParams } from './record-params.js';

export type ValueType =
  | 'ADDRESS' | 'CHECKBOX' | 'CURRENCY' | 'DATETIME' | 'EMAIL' | 'FULL_NAME' | 'MARKDOWN' | 'MULTI_SELECT'
  | 'NUMBER' | 'SINGLE_SELECT' | 'SOCIAL_HANDLE' | 'TELEPHONE' | 'TEXT' | 'URL' | 'HTML';

export interface Address {
  street?: string | null;
  street2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2. */
  country?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface FullName {
  firstName?: string | null;
  lastName?: string | null;
}

/** Any field value, written bare (`null` clears) and read inside `{valueType, value}`. */
export type FieldValue = string | number | boolean | null | string[] | Address | FullName;

/** Custom fields (bare slugs) beside the typed system ones. */
export interface CustomFields {
  [key: string]: FieldValue | undefined;
}

/** One entity id or several, for a relationship on create. */
export type RelationshipIds = string | string[];

/** How an update changes one relationship: applied as replace, then remove, then add. */
export interface RelationshipOperation {
  add?: RelationshipIds;
  remove?: RelationshipIds;
  /** `null` clears the relationship (refused for required ones). */
  replace?: RelationshipIds | null;
}

export interface CustomRelationships {
  [key: string]: RelationshipIds | undefined;
}

export interface CustomRelationshipOperations {
  [key: string]: RelationshipOperation | undefined;
}

// ---- Records as read ----------------------------------------------------------------------------

export interface EntityField {
  valueType: ValueType;
  value: FieldValue;
}

export interface EntityRelationship {
  /** `has_one` or `has_many`. */
  cardinality: string;
  objectType: string;
  values: string[];
}

/** Every record type reads back in this envelope; every defined field and relationship is present. */
export interface Entity {
  id: string;
  createdAt: string;
  updatedAt: string | null;
  httpLink: string | null;
  externalId?: string | null;
  fields: { [key: string]: EntityField };
  relationships: { [key: string]: EntityRelationship };
}

export interface ListResponse<Item> {
  /** Always `list`. */
  object: string;
  data: Item[];
  /** Every match, not just this page. */
  totalCount: number;
}

// ---- Definitions ----------------------------------------------------------------------------------

export interface SelectOption {
  id: string;
  label: string;
  description?: string | null;
}

export interface FieldDefinition {
  id?: string;
  label: string;
  description: string | null;
  valueType: ValueType;
  readOnly?: boolean;
  typeConfiguration: {
    options?: SelectOption[];
    currency?: string;
    unique?: boolean;
    multipleValues?: boolean;
    handleService?: 'TWITTER' | 'LINKEDIN' | 'FACEBOOK' | 'INSTAGRAM';
  };
}

export interface RelationshipDefinition {
  id?: string;
  label: string;
  description: string | null;
  cardinality: 'HAS_ONE' | 'HAS_MANY';
  objectType: string;
  /** fieldhouse: an inverse or derived link, read but never written. */
  readOnly?: boolean;
}

export interface DefinitionsResponse {
  objectType: string;
  fieldDefinitions: { [key: string]: FieldDefinition };
  relationshipDefinitions: { [key: string]: RelationshipDefinition };
}

// ---- Lists ------------------------------------------------------------------------------------------

export type FilterOperator = 'equal' | 'greaterThan' | 'greaterThanOrEqual' | 'lessThan' | 'lessThanOrEqual' | 'startsWith' | 'contains';

export type FilterValue = string | number | boolean;

/**
 * `{ $stage: 'Demo' }` sends `$stage=Demo` (equal, or contains where equal does not apply);
 * `{ $amount: { greaterThan: 1000, '-equal': 5000 } }` sends `$amount[greaterThan]=1000&$amount[-equal]=5000`.
 * Several conditions are ANDed.
 */
export type Filter = {
  [key: string]: FilterValue | { [op in FilterOperator | `-${FilterOperator}`]?: FilterValue };
};

export interface PageParams {
  /** 1–25, default 25. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

export interface ListParams extends PageParams {
  filter?: Filter;
  /** `createdAt`, `updatedAt` or a number, date or text field; `-KEY` for descending. */
  sort?: string;
}

// ---- Members, auth, workflow runs, custom object types -----------------------------------------------

export interface Member {
  id: string;
  createdAt: string;
  updatedAt: string | null;
  httpLink: string | null;
  fields: {
    $email: { value: string; valueType: 'EMAIL' };
    $name: { value: FullName; valueType: 'FULL_NAME' };
    $profileImage: { value: string | null; valueType: 'URL' };
    /** `ADMIN` or `MEMBER`. */
    $role: { value: string; valueType: 'TEXT' };
  };
  relationships: { [key: string]: never };
}

export interface AuthValidateResponse {
  active: boolean;
  tokenType: 'api_key';
  subjectType: 'user' | 'workspace';
  /** Empty when the key has full access. */
  scopes: string[];
}

export interface WorkflowRunStatusResponse {
  status: 'queued' | 'running' | 'completed' | 'failed' | (string & {});
}

export interface ObjectListDefinitionsResponse {
  data: Array<{ objectType: string; label: string }>;
}


// ---- Files ----------------------------------------------------------------------------------------

export type FileStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED' | 'EXPIRED';

export interface FileObject {
  id: string;
  status: FileStatus;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  createdAt: string;
  completedAt: string | null;
  /** When the upload session ends; null once it is not PENDING. */
  expiresAt: string | null;
}

export interface FileCreateParams {
  filename: string;
  mimeType: string;
  sizeBytes: number;
  /** Checks the MIME type and size against the purpose's limits; not stored. */
  purpose?: 'meeting_transcript' | 'knowledge_user' | 'knowledge_workspace' | 'email_attachment';
}

/** What `file.upload` needs beyond the bytes; a File gives its own name and type. */
export interface FileUploadParams {
  filename?: string;
  mimeType?: string;
  purpose?: FileCreateParams['purpose'];
}

export interface FileCreateResponse extends FileObject {
  /** PUT the bytes here, with `uploadHeaders` and without the API key. */
  uploadUrl: string;
  uploadHeaders: { [name: string]: string };
}

export interface FileCompleteParams {
  /** Hex MD5 of the bytes, checked before the file is COMPLETED. */
  md5?: string;
}

export interface FileUrlResponse {
  /** Serves the bytes without the API key until `expiresAt`. */
  url: string;
  expiresAt: string;
}

// ---- Lists ----------------------------------------------------------------------------------------

/** What a list holds; the bare slugs (`account`) are accepted too, and read back prefixed. */
export type ListObjectType = '$account' | '$contact' | '$opportunity';

/** A list reads back with its fields only: `$name` and `$objectType` (`$account`, …). */
export interface ListObject {
  id: string;
  createdAt: string;
  httpLink: string | null;
  fields: { [key: string]: EntityField };
}

/** Members start under the key of the list's type: `$accounts` for a list of `$account`. */
export type ListMembers = { $accounts: RelationshipIds } | { $contacts: RelationshipIds } | { $opportunities: RelationshipIds };

export interface ListCreateParams {
  fields: { $name: string; $objectType: ListObjectType | 'account' | 'contact' | 'opportunity' };
  relationships?: ListMembers;
}

/** Members added and removed (removed first), at most 25 ids a request. */
export interface ListMemberOperation {
  add?: RelationshipIds;
  remove?: RelationshipIds;
}

export interface ListUpdateParams {
  /** `$objectType` is fixed at create. */
  fields?: { $name?: string };
  relationships?: { $accounts: ListMemberOperation } | { $contacts: ListMemberOperation } | { $opportunities: ListMemberOperation };
}

// ---- Emails ---------------------------------------------------------------------------------------

export interface EmailMessageBody {
  /** Defaults to `HTML`; HTML mail also carries a text part. */
  contentType?: 'HTML' | 'TEXT';
  content: string;
}

/** Bare addresses only (no display names). `from` must be the key member's mailbox address. */
export interface EmailSendParams {
  from: string;
  /** 1–500 addresses. */
  to: string[];
  cc?: string[];
  bcc?: string[];
  /** Not empty. */
  subject: string;
  messageBody: EmailMessageBody;
  /** At most 5 ids of COMPLETED files. */
  attachments?: string[];
}

/** A draft is `from` and at least one other field. */
export interface EmailDraftParams {
  from: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  messageBody?: EmailMessageBody;
  attachments?: string[];
}

export interface EmailSendResponse {
  /** When the SMTP server accepted the message. */
  sentAt: string;
}

export interface EmailDraftResponse {
  draftedAt: string;
}

/**
 * An email record: `$subject`, `$sentAt` (null for a draft), `$from`, `$to`, `$cc`, `$bcc`,
 * `$body` (HTML, on retrieve only). At `METADATA` (another member's unshared mailbox) the
 * subject and body read null and `$attachments` is left out.
 */
export interface EmailObject extends Entity {
  objectType: 'email';
  accessLevel: 'FULL' | 'METADATA';
}

// ---- Record lifecycle: field history, merge (newer-api.md) ------------------------------------------

export interface CursorPageParams {
  /** 1–100, default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  after?: string;
}

/** One page of a cursor-paged read. */
export interface CursorPageResponse<Item> {
  data: Item[];
  hasMore: boolean;
  /** Pass as `after` for the next page; null on the last one. */
  nextCursor: string | null;
}

export type FieldHistoryParams = CursorPageParams;

/** One value a field held, newest first; consecutive identical values are collapsed. */
export interface FieldHistoryEntry {
  /** As a read gives it (an option's id, an amount, `null` when cleared). */
  value: FieldValue;
  valueType: ValueType;
  /** For people: an option's label, a formatted amount; null for an empty value. */
  displayValue: string | null;
  recordedAt: string;
  /** True on the record's first value, and only when the whole history fits in one page. */
  isCreate: boolean;
}

export type FieldHistoryResponse = CursorPageResponse<FieldHistoryEntry>;

/** Which value a merged field keeps: the primary's, the duplicate's, or one given (validated as a write). */
export type FieldResolution = 'primary' | 'duplicate' | { value: FieldValue };

export interface MergeParams {
  /** Keeps its id; gains the duplicate's links. */
  primaryId: string;
  /** Soft-deleted by the merge. */
  duplicateId: string;
  /** Default: the primary's value wins, and a field empty on the primary takes the duplicate's. */
  fieldResolutions?: { [fieldKey: string]: FieldResolution };
  options?: {
    /** Union multi-value fields instead of keeping one side's. */
    multiSelectUnion?: boolean;
  };
  /** fieldhouse: answer what the merge would do and write nothing (`merge.status` `dry_run`). */
  dryRun?: boolean;
}

export type MergeStatus = 'cleanup_pending' | 'done' | 'failed' | 'undone' | 'dry_run' | (string & {});

export interface MergeSummary {
  fieldWriteCount: number;
  syncRepointedCount: number;
  warnings: string[];
}

export interface MergeResponse {
  merge: { id: string; status: MergeStatus };
  /** The primary after the merge (for a dry run: as it would be). */
  primary: Entity;
  summary: MergeSummary;
}

/** `GET /v1/merges/{id}`. */
export interface MergeObject {
  /** `mrg_…`. */
  id: string;
  createdAt: string;
  updatedAt: string;
  primaryId: string;
  duplicateId: string;
  /** `account`, `contact`, `opportunity` or a custom object type. */
  entityType: string;
  status: MergeStatus;
}

export interface MergeUndoResponse {
  merge: { id: string; status: MergeStatus };
  /** Both records as they were before the merge. */
  primary: Entity;
  duplicate: Entity;
}

/** A custom-object record's delete and restore take its type's slug, as retrieve does. */
export type ObjectDeleteParams = ObjectRetrieveParams;
export type ObjectRestoreParams = ObjectRetrieveParams;

export interface ObjectFieldHistoryParams extends ObjectRetrieveParams, FieldHistoryParams {}

// ---- Channels and messages (newer-api.md) ------------------------------------------------------------

export type ChannelProvider = 'SLACK' | 'TEAMS' | 'LINKEDIN' | 'OTHER';
export type ChannelVisibility = 'PUBLIC' | 'PRIVATE';

/**
 * A chat channel: `$name`, `$provider` (SLACK, TEAMS, LINKEDIN, OTHER), `$visibility` (PUBLIC,
 * PRIVATE) and the `$member` relationship. A private channel is seen by its members and admins only;
 * one the caller may not see reads as a 404.
 */
export interface ChannelObject extends Entity {
  objectType: 'channel';
}

/** `POST /v1/channels` (fieldhouse, scope `admin`). */
export interface ChannelCreateParams {
  fields: {
    $name: string;
    $provider?: ChannelProvider;
    $visibility?: ChannelVisibility;
  } & CustomFields;
  relationships?: {
    /** The members in the channel (`mem_…`); those who may see a private one. */
    $member?: RelationshipIds;
  };
  /**
   * The channel's id at its provider, e.g. `slack:C0123`. Creating again with the same one updates
   * that channel (fields, members) and answers it with 200 instead of 201.
   */
  externalId?: string;
}

/**
 * A chat message: `$text` (null at `METADATA`), `$sentAt`, `$senderEmail`, `$senderName`, and the
 * `$channel`, `$contact`, `$account` and `$opportunity` relationships.
 */
export interface MessageObject extends Entity {
  objectType: 'message';
  /** `METADATA` when the caller may see the message's existence but not its text. */
  accessLevel: 'FULL' | 'METADATA';
}

/** `POST /v1/channels/{id}/messages` (fieldhouse, scope `admin`). */
export interface ChannelCreateMessageParams {
  fields: {
    /** Markdown. */
    $text?: string | null;
    /** ISO 8601. */
    $sentAt: string;
    $senderEmail?: string | null;
    $senderName?: string | null;
  } & CustomFields;
  /**
   * The message's id at its provider, e.g. `slack:C0123:1700000000.000100`. Creating again with
   * the same one (within the organization) answers the existing message, updated, with 200.
   */
  externalId?: string;
}

export type ChannelListParams = PageParams;
/** `limit` and `offset` only, as the public API (a filter could tell what `METADATA` hides). */
export type MessageListParams = PageParams;

// ---- Enrichment runs (newer-api.md) -------------------------------------------------------------------

export type EnrichmentRunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'timed_out';

export interface EnrichmentRun {
  id: string;
  /** The record being enriched. */
  entityId: string;
  entityType: 'contact' | 'account';
  /** `queued` and `running` are in flight; `completed`, `failed` and `timed_out` are final. */
  status: EnrichmentRunStatus;
  /** The fields this run set out to fill. */
  targetFields: string[];
  /** `creation` when the record's create started it, `manual` when requested through the API. */
  trigger: 'creation' | 'manual';
  createdAt: string;
  updatedAt: string;
  /** Null while queued. */
  startedAt: string | null;
  /** Null while in flight. */
  completedAt: string | null;
}

export interface EnrichmentRunEnrichParams {
  /** The type of record to enrich (the path's `{contacts|accounts}`). */
  entitySlug: 'contacts' | 'accounts';
  /**
   * Fields to enrich, refreshed even when they hold a value. Omit to fill only the fields the
   * record is missing.
   */
  fields?: string[];
}

export interface EnrichmentRunEnrichResponse {
  /** `started` by this request, `already_running` (the run in flight is answered), or `skipped`. */
  status: 'started' | 'already_running' | 'skipped';
  /** Why it was skipped; null otherwise. */
  reason: 'no_targets' | 'no_operations' | null;
  /** Null when skipped. */
  enrichmentRun: EnrichmentRun | null;
}

export interface EnrichmentRunWaitOptions {
  /** Between two reads of the run; default 1 000. */
  intervalMs?: number;
  /** How long to wait for a final status before giving up with an error; default 120 000. */
  timeoutMs?: number;
  /** Stops the wait early (the error is the signal's reason). */
  signal?: AbortSignal;
}
