import type { DB } from '../../storage/database.js';
import { findApiKeyByPrefix, insertApiKey, listApiKeys, revokeApiKey } from '../../storage/api-keys.js';
import type { ApiKeyRow } from '../../storage/schema.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { generateApiKeySecret, lookupPrefixOf, matchesHash } from './api-key-secret.js';
import { isScope, type Scope } from './scopes.js';

/** Who a request acts as, once its key is accepted. */
export interface Principal {
  keyId: string;
  organizationId: string;
  memberId: string;
  scopes: readonly Scope[];
}

export interface ApiKeySummary {
  id: string;
  organizationId: string;
  memberId: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

export interface NewApiKey {
  organizationId: string;
  memberId: string;
  name: string;
  scopes: readonly string[];
  now: Date;
}

/** The public API names the custom-object scopes `custom_objects:*`; they are fieldhouse's `objects:*`. */
const PUBLIC_PREFIX = 'custom_objects:';

export function parseScopes(given: readonly string[]): Scope[] {
  const scopes = given.map((s) => (s.startsWith(PUBLIC_PREFIX) ? `objects:${s.slice(PUBLIC_PREFIX.length)}` : s));
  const unknown = given.filter((_, i) => !isScope(scopes[i]!));
  if (unknown.length > 0) {
    throw new DomainError('invalid_value', `Unknown scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, 'scopes');
  }
  return [...new Set(scopes as Scope[])];
}

function summarize(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    organizationId: row.organization_id,
    memberId: row.member_id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as Scope[],
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** Creates a key and returns its plaintext: the only time it exists outside the caller's hands. */
export async function createApiKey(db: DB, input: NewApiKey): Promise<{ key: ApiKeySummary; plaintext: string }> {
  const scopes = parseScopes(input.scopes);
  const secret = generateApiKeySecret();
  const row: ApiKeyRow = {
    id: newId('key', input.now.getTime()),
    organization_id: input.organizationId,
    member_id: input.memberId,
    name: input.name,
    lookup_prefix: secret.lookupPrefix,
    secret_hash: secret.hash,
    scopes: JSON.stringify(scopes),
    created_at: input.now.toISOString(),
    revoked_at: null,
  };
  await insertApiKey(db, row);
  return { key: summarize(row), plaintext: secret.plaintext };
}

/** The principal of an active key, or undefined for a malformed, unknown or revoked one. */
export async function authenticate(db: DB, candidate: string): Promise<Principal | undefined> {
  const prefix = lookupPrefixOf(candidate);
  if (prefix === undefined) return undefined;
  const row = await findApiKeyByPrefix(db, prefix);
  if (!row || row.revoked_at !== null || !matchesHash(candidate, row.secret_hash)) return undefined;
  return {
    keyId: row.id,
    organizationId: row.organization_id,
    memberId: row.member_id,
    scopes: JSON.parse(row.scopes) as Scope[],
  };
}

export async function listKeys(db: DB, organizationId?: string): Promise<ApiKeySummary[]> {
  return (await listApiKeys(db, organizationId)).map(summarize);
}

export async function revokeKey(db: DB, id: string, now: Date): Promise<void> {
  if (!(await revokeApiKey(db, id, now.toISOString()))) {
    throw new DomainError('not_found', `No active API key with id '${id}'.`, 'id');
  }
}
