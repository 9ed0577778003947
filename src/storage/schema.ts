import type { Generated, Insertable, Selectable } from 'kysely';

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
}

export interface DatabaseSchema {
  organizations: OrganizationTable;
  members: MemberTable;
  api_keys: ApiKeyTable;
  idempotency_keys: IdempotencyKeyTable;
}

export type OrganizationRow = Selectable<OrganizationTable>;
export type MemberRow = Selectable<MemberTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;
export type NewIdempotencyKey = Insertable<IdempotencyKeyTable>;
export type { Generated };
