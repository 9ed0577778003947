// What create and update take for each record type: the system keys typed (required ones
// required), custom keys open where the type accepts custom fields and relationships.
import type {
  Address,
  CustomFields,
  CustomRelationshipOperations,
  CustomRelationships,
  FieldValue,
  FullName,
  RelationshipIds,
  RelationshipOperation,
} from './types.js';

type Nullable<T> = { [K in keyof T]?: T[K] | null };

// ---- opportunity ----

interface OpportunityFields {
  $name: string;
  /** Option id or label of the stage (`Prospecting` … `Closed Lost`). */
  $stage: string;
  $amount?: number | null;
  /** RFC 3339 date-time or `YYYY-MM-DD`. */
  $closeDate?: string | null;
  $nextSteps?: string | null;
}

export interface OpportunityCreateParams {
  fields: OpportunityFields & CustomFields;
  relationships: {
    $account: RelationshipIds;
    $owner?: RelationshipIds;
    $createdBy?: RelationshipIds;
    $champion?: RelationshipIds;
    $evaluator?: RelationshipIds;
  } & CustomRelationships;
}

export interface OpportunityUpdateParams {
  fields?: Nullable<OpportunityFields> & CustomFields;
  relationships?: {
    $account?: RelationshipOperation;
    $owner?: RelationshipOperation;
    $champion?: RelationshipOperation;
    $evaluator?: RelationshipOperation;
  } & CustomRelationshipOperations;
}

// ---- account ----

interface AccountFields {
  $name: string;
  $website?: string | string[];
  $industry?: string | string[];
  $headcount?: string;
  $lastFundingType?: string;
  $linkedIn?: string;
  $twitter?: string;
  $facebook?: string;
  $instagram?: string;
  $primaryAddress?: Address;
}

interface AccountRelationships<T> {
  $owner?: T;
  $contact?: T;
}

export interface AccountCreateParams {
  fields: Pick<AccountFields, '$name'> & Nullable<Omit<AccountFields, '$name'>> & CustomFields;
  relationships?: AccountRelationships<RelationshipIds> & CustomRelationships;
}

export interface AccountUpdateParams {
  fields?: Nullable<AccountFields> & CustomFields;
  relationships?: AccountRelationships<RelationshipOperation> & CustomRelationshipOperations;
}

// ---- contact ----

interface ContactFields {
  $name?: FullName;
  $email?: string | string[];
  $phone?: string | string[];
  $title?: string;
  $profilePhotoUrl?: string;
  $linkedIn?: string;
  $twitter?: string;
  $doNotContact?: boolean;
}

interface ContactRelationships<T> {
  $account?: T;
  $owner?: T;
}

export interface ContactCreateParams {
  fields: Nullable<ContactFields> & CustomFields;
  relationships?: ContactRelationships<RelationshipIds> & CustomRelationships;
}

export interface ContactUpdateParams {
  fields?: Nullable<ContactFields> & CustomFields;
  relationships?: ContactRelationships<RelationshipOperation> & CustomRelationshipOperations;
}

// ---- task: system fields only ----

export type TaskStatus = 'TODO' | 'IN_PROGRESS' | 'COMPLETE' | 'CANCELLED';

interface TaskFields {
  $title: string;
  /** A status label or its option id. */
  $status: TaskStatus | (string & {});
  $description?: string | null;
  $dueAt?: string | null;
}

export interface TaskCreateParams {
  fields: TaskFields;
  relationships: {
    $assignedTo: RelationshipIds;
    $account?: RelationshipIds;
    $opportunity?: RelationshipIds;
    $createdBy?: RelationshipIds;
  } & CustomRelationships;
}

export interface TaskUpdateParams {
  fields?: Nullable<TaskFields>;
  relationships?: {
    $assignedTo?: RelationshipOperation;
    $account?: RelationshipOperation;
    $opportunity?: RelationshipOperation;
  } & CustomRelationshipOperations;
}

// ---- note: system fields and relationships only; relationships take add and remove ----

interface NoteFields {
  $title: string;
  /** Markdown. */
  $content?: string | null;
}

export interface NoteRelationshipOperation {
  add?: RelationshipIds;
  remove?: RelationshipIds;
}

export interface NoteCreateParams {
  fields: NoteFields;
  relationships?: { $account?: RelationshipIds; $opportunity?: RelationshipIds };
}

export interface NoteUpdateParams {
  fields?: Nullable<NoteFields>;
  relationships?: { $account?: NoteRelationshipOperation; $opportunity?: NoteRelationshipOperation };
}

// ---- meeting: created for the past; afterwards only who sees it and its transcript change ----

export type MeetingPrivacySetting = 'FULL' | 'METADATA';

interface MeetingFields {
  $title: string;
  /** RFC 3339 date-time in the past. */
  $startDate: string;
  /** RFC 3339 date-time in the past, not before `$startDate`. */
  $endDate: string;
  /** Markdown. */
  $description?: string | null;
  $meetingUrl?: string | null;
  $organizerEmail?: string | null;
  $attendeeEmails?: string[];
  /** FULL by default; METADATA hides the description and transcript from everyone but the creator. */
  $privacySetting?: MeetingPrivacySetting | null;
}

export interface MeetingCreateParams {
  fields: MeetingFields;
  /** A COMPLETED file's id; `$contact`, `$account` and `$opportunity` are kept by the server. */
  relationships?: { $transcript?: RelationshipIds };
  /** Unknown external attendees become contacts, and their company domains accounts. */
  autoCreateRecords?: boolean;
}

export interface MeetingUpdateParams {
  fields?: { $privacySetting?: MeetingPrivacySetting | null };
  relationships?: { $transcript?: { replace: string | [string] } };
}

// ---- custom objects: `$name` and whatever their admin defined ----

export interface ObjectCreateParams {
  fields: { $name: string } & CustomFields;
  relationships?: CustomRelationships;
}

export interface ObjectUpdateParams {
  /** The custom object type's slug: a path parameter, not sent in the body. */
  entitySlug: string;
  fields?: { [key: string]: FieldValue | undefined };
  relationships?: CustomRelationshipOperations;
}

export interface ObjectRetrieveParams {
  entitySlug: string;
}
