import type { DB } from '../storage/database.js';
import { listOrganizations } from '../storage/organizations.js';
import { createOrganization, type CreatedOrganization } from './organizations.js';

/**
 * On an empty database, creates the first organization, its admin and a full-access key.
 * Returns what it created (with the key in plaintext) or undefined when there was already data.
 */
export async function bootstrapIfEmpty(db: DB, now: Date): Promise<CreatedOrganization | undefined> {
  if ((await listOrganizations(db)).length > 0) return undefined;
  return createOrganization(db, {
    name: 'My organization',
    admin: { email: 'admin@fieldhouse.local', firstName: 'Admin', lastName: 'User' },
    now,
  });
}
