import type { Selectable } from 'kysely';

/** Timestamps are ISO-8601 UTC strings: they sort as text and read the same on every engine. */
type Timestamp = string;

export interface OrganizationTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface MemberTable {
  id: string;
  organization_id: string;
  email: string;
  first_name: string;
  last_name: string;
  role: 'ADMIN' | 'MEMBER';
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiKeyTable {
  id: string;
  organization_id: string;
  member_id: string;
  name: string;
  /** The first characters of the secret, unique: finds the row without knowing the secret. */
  lookup_prefix: string;
  /** SHA-256 of the whole key, hex. The key itself is never stored. */
  secret_hash: string;
  /** JSON array of scope strings; empty means full access. */
  scopes: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface IdempotencyKeyTable {
  organization_id: string;
  namespace: string;
  key: string;
  state: 'running' | 'completed';
  request_hash: string;
  /** Until when a running request holds the key; after it a crashed request's key is free again. */
  locked_until: Timestamp;
  response_status: number | null;
  response_content_type: string | null;
  response_body: string | null;
  created_at: Timestamp;
  /** The id a running request created, committed with it; a takeover after its lock answers with it. */
  effect_ref: string | null;
}

/** SQLite has no boolean type; 0/1 reads the same on every engine. */
type Flag = 0 | 1;

export interface FieldDefinitionTable {
  id: string;
  organization_id: string;
  object_type: string;
  key: string;
  label: string;
  description: string | null;
  value_type: string;
  /** JSON TypeConfiguration, options with their ids (and stage statuses). */
  config: string;
  access: string;
  required: Flag;
  system: Flag;
  position: number;
  created_at: Timestamp;
}

export interface RelationshipDefinitionTable {
  id: string;
  organization_id: string;
  object_type: string;
  key: string;
  label: string;
  description: string | null;
  cardinality: string;
  target_type: string;
  link_type: string;
  side: string;
  derived: Flag;
  access: string;
  required: Flag;
  read_only_hint: string | null;
  defaults_to_actor: Flag;
  /** 0 where an update may only add and remove (note links). */
  replace_allowed: Flag;
  system: Flag;
  position: number;
  created_at: Timestamp;
}

export interface RecordTable {
  id: string;
  organization_id: string;
  object_type: string;
  /** JSON object: field key → stored value; unset fields are absent. */
  fields: string;
  external_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One scalar of one field of one record, for filters, sorts and counts. */
export interface RecordTermTable {
  organization_id: string;
  object_type: string;
  field_key: string;
  record_id: string;
  term_text: string | null;
  term_number: number | null;
  /** A text term's first 200 code points, what the text index holds (bounded-keys.ts, termKey); null beside a number. */
  term_key: string | null;
}

/** One single-select option of a record beside one of its number terms: a two-field filter as one index range. */
export interface RecordTermPairTable {
  organization_id: string;
  object_type: string;
  select_key: string;
  option_id: string;
  field_key: string;
  term_number: number;
  record_id: string;
}

export interface UniqueValueTable {
  organization_id: string;
  object_type: string;
  field_key: string;
  /** What the primary key holds: the value, or a long one's bounded key (bounded-keys.ts, uniqueValueKey). */
  value_key: string;
  value: string;
  record_id: string;
}

export interface RecordLinkTable {
  organization_id: string;
  link_type: string;
  source_id: string;
  target_id: string;
  created_at: Timestamp;
}

/** A web sign-in: the hash of the cookie's token, and the key the session acts as. */
export interface WebSessionTable {
  /** SHA-256 of the random token in the cookie, hex. The token itself is never stored. */
  token_hash: string;
  api_key_id: string;
  organization_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface CustomObjectTable {
  organization_id: string;
  /** The type's name in URLs and definitions, e.g. `projects`. */
  slug: string;
  label: string;
  created_at: Timestamp;
}

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface JobTable {
  /** wfr_…: each job is a workflow run. */
  id: string;
  organization_id: string;
  kind: string;
  target_id: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  /** Not before: the debounce of a burst, or the backoff after a failure. */
  run_after: Timestamp;
  /** The latest a burst may push `run_after` to: edits that never pause still get a summary. */
  run_by: Timestamp;
  lease_owner: string | null;
  /** A running job whose lease passed belongs to a worker that died: it runs again. */
  lease_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

/** One organization's budget in one category, shared by every process that serves it. */
export interface RateLimitBucketTable {
  /** `{organizationId}:{category}`. */
  bucket: string;
  tokens: number;
  refilled_at_ms: number;
  /** Whether the last take was admitted: the upsert's answer, read back by RETURNING. */
  admitted: Flag;
}

/** Changes with every definition write of its organization; never repeats, so a rolled-back write's token never comes back. */
export interface DefinitionVersionTable {
  organization_id: string;
  version: string;
}

export type FileStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED' | 'EXPIRED';

/** An upload session, and the file it becomes once completed. */
export interface FileTable {
  id: string;
  organization_id: string;
  /** As stored; a PENDING session past `session_expires_at` reads EXPIRED before the cleanup job writes it. */
  status: FileStatus;
  filename: string;
  mime_type: string;
  /** What the client declared; `complete` checks the upload against it. */
  size_bytes: number;
  purpose: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  session_expires_at: Timestamp;
  completed_at: Timestamp | null;
  /** Where the bytes are in the blob store, once an upload arrived; null again once they are removed. */
  blob_key: string | null;
  uploaded_size: number | null;
  uploaded_md5: string | null;
  uploaded_at: Timestamp | null;
}

export interface SigningSecretTable {
  name: string;
  /** Hex; 32 random bytes. */
  secret: string;
  created_at: Timestamp;
}

/** One record on one list; `added_at` orders a list's members, newest first. */
export interface ListMemberTable {
  organization_id: string;
  list_id: string;
  record_id: string;
  added_at: Timestamp;
}

/** What other members read of a member's mail: its metadata only (the default), or all of it. */
export type MailboxShare = 'metadata' | 'full';

/** A member's mailbox where it differs from the server's relay and the member's own `$email`. */
export interface MailboxTable {
  organization_id: string;
  member_id: string;
  /** `smtp://` or `smtps://`, credentials included; null: the server's FIELDHOUSE_SMTP_URL. */
  smtp_url: string | null;
  /** The address mail is sent from; null: the member's `$email`. */
  address: string | null;
  share: MailboxShare;
  updated_at: Timestamp;
}

/**
 * `sending`: handed (or about to be handed) to the relay, outcome not yet settled. `sent`: the
 * relay accepted it and its email record exists. `failed`: the relay refused it or was not reached.
 */
export type OutboxState = 'sending' | 'sent' | 'failed';

/** One send, written durably before the relay sees it; its id is the email record's. */
export interface EmailOutboxTable {
  id: string;
  organization_id: string;
  member_id: string;
  state: OutboxState;
  /** The checked send, as JSON: what the email record is made from once settled. */
  message: string;
  started_at: Timestamp;
  /** The sending process renews this while the relay has the message; past it, that process is dead. */
  alive_until: Timestamp;
  settled_at: Timestamp | null;
  /** The relay's last reply, or why it could not be reached. */
  relay_reply: string | null;
}

/** A deleted record, whole, with the links and list memberships it had (migration 0015). */
export interface TrashedRecordTable extends RecordTable {
  deleted_at: Timestamp;
  /** JSON array of record_links rows. */
  links: string;
  /** JSON array of list_members rows: the lists it was on, and, for a list, its members. */
  memberships: string;
  merge_id: string | null;
}

/** One change of one field of one record. */
export interface FieldHistoryTable {
  id: string;
  organization_id: string;
  record_id: string;
  field_key: string;
  /** The stored value as JSON; null when cleared. */
  value: string | null;
  is_create: number;
  recorded_at: Timestamp;
}

export interface MergeTable {
  id: string;
  organization_id: string;
  object_type: string;
  primary_id: string;
  duplicate_id: string;
  status: string;
  /** JSON: both records as they were before, and the primary as the merge left it. */
  snapshot: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type EnrichmentRunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'timed_out';

/** One enrichment run of an account or contact, carried out by the job of the same id. */
export interface EnrichmentRunTable {
  id: string;
  organization_id: string;
  entity_id: string;
  entity_type: string;
  status: EnrichmentRunStatus;
  /** JSON array of the keys the run fills. */
  target_fields: string;
  /** 1 when the request named them: they are written even when set. */
  named: number;
  trigger: 'creation' | 'manual';
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
}

export interface DatabaseSchema {
  organizations: OrganizationTable;
  members: MemberTable;
  api_keys: ApiKeyTable;
  idempotency_keys: IdempotencyKeyTable;
  field_definitions: FieldDefinitionTable;
  relationship_definitions: RelationshipDefinitionTable;
  records: RecordTable;
  record_terms: RecordTermTable;
  record_term_pairs: RecordTermPairTable;
  unique_values: UniqueValueTable;
  record_links: RecordLinkTable;
  custom_objects: CustomObjectTable;
  jobs: JobTable;
  web_sessions: WebSessionTable;
  rate_limit_buckets: RateLimitBucketTable;
  definition_versions: DefinitionVersionTable;
  files: FileTable;
  signing_secrets: SigningSecretTable;
  list_members: ListMemberTable;
  mailboxes: MailboxTable;
  email_outbox: EmailOutboxTable;
  trashed_records: TrashedRecordTable;
  field_history: FieldHistoryTable;
  merges: MergeTable;
  enrichment_runs: EnrichmentRunTable;
}

export type OrganizationRow = Selectable<OrganizationTable>;
export type MemberRow = Selectable<MemberTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;
export type FieldDefinitionRow = Selectable<FieldDefinitionTable>;
export type RelationshipDefinitionRow = Selectable<RelationshipDefinitionTable>;
export type RecordRow = Selectable<RecordTable>;
export type RecordLinkRow = Selectable<RecordLinkTable>;
export type RecordTermPairRow = Selectable<RecordTermPairTable>;
export type CustomObjectRow = Selectable<CustomObjectTable>;
export type JobRow = Selectable<JobTable>;
export type WebSessionRow = Selectable<WebSessionTable>;
export type FileRow = Selectable<FileTable>;
export type ListMemberRow = Selectable<ListMemberTable>;
export type MailboxRow = Selectable<MailboxTable>;
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
export type TrashedRecordRow = Selectable<TrashedRecordTable>;
export type FieldHistoryRow = Selectable<FieldHistoryTable>;
export type MergeRow = Selectable<MergeTable>;
export type EnrichmentRunRow = Selectable<EnrichmentRunTable>;
