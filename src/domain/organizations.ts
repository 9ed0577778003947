import type { DB } from '../storage/database.js';
import { insertOrganization, listOrganizations } from '../storage/organizations.js';
import { writeTransaction } from '../storage/transactions.js';
import type { MemberRow, OrganizationRow } from '../storage/schema.js';
import { createApiKey, type ApiKeySummary } from './access/api-keys.js';
import { ensureSystemDefinitions } from './definitions/seed.js';
import { DomainError } from './errors.js';
import { newId } from './ids.js';
import { addMember } from './members.js';

export interface NewOrganization {
  name: string;
  admin: { email: string; firstName: string; lastName: string };
  now: Date;
}

export interface CreatedOrganization {
  organization: OrganizationRow;
  admin: MemberRow;
  key: ApiKeySummary;
  /** The full-access key of the admin, shown once. */
  plaintextKey: string;
}

/** Serializes creating organizations, so two processes starting on an empty database make one. */
export const ORGANIZATIONS_LOCK = 'organizations';

/** An organization always starts with an admin who holds a full-access key. */
export async function createOrganization(db: DB, input: NewOrganization): Promise<CreatedOrganization> {
  return writeTransaction(db, ORGANIZATIONS_LOCK, (trx) => insertOrganizationWithAdmin(trx, input));
}

/** The work of createOrganization, inside a transaction the caller holds. */
export async function insertOrganizationWithAdmin(trx: DB, input: NewOrganization): Promise<CreatedOrganization> {
  const organization: OrganizationRow = { id: newId('org', input.now.getTime()), name: input.name, created_at: input.now.toISOString() };
  await insertOrganization(trx, organization);
  await ensureSystemDefinitions(trx, organization.id, input.now);
  const admin = await addMember(trx, { organizationId: organization.id, ...input.admin, role: 'ADMIN', now: input.now });
  const { key, plaintext } = await createApiKey(trx, {
    organizationId: organization.id,
    memberId: admin.id,
    name: 'Admin key',
    scopes: [],
    now: input.now,
  });
  return { organization, admin, key, plaintextKey: plaintext };
}

/** The organization a command acts on: the one named, or the only one there is. */
export async function resolveOrganization(db: DB, id?: string): Promise<OrganizationRow> {
  const organizations = await listOrganizations(db);
  if (id !== undefined) {
    const found = organizations.find((o) => o.id === id);
    if (!found) throw new DomainError('not_found', `No organization with id '${id}'.`, 'org');
    return found;
  }
  const [only, ...rest] = organizations;
  if (!only) throw new DomainError('not_found', 'There is no organization yet: start the server once to create it.', 'org');
  if (rest.length > 0) throw new DomainError('invalid_value', 'There are several organizations: name one with --org.', 'org');
  return only;
}
