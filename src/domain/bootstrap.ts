import type { DB } from '../storage/database.js';
import { listOrganizations } from '../storage/organizations.js';
import { writeTransaction } from '../storage/transactions.js';
import { insertOrganizationWithAdmin, ORGANIZATIONS_LOCK, type CreatedOrganization } from './organizations.js';

/**
 * On an empty database, creates the first organization, its admin and a full-access key.
 * Returns what it created (with the key in plaintext) or undefined when there was already data.
 */
export async function bootstrapIfEmpty(db: DB, now: Date): Promise<CreatedOrganization | undefined> {
  if ((await listOrganizations(db)).length > 0) return undefined;
  // Checked again under the lock: another process starting at the same moment may have won.
  return writeTransaction(db, ORGANIZATIONS_LOCK, async (trx) => {
    if ((await listOrganizations(trx)).length > 0) return undefined;
    return insertOrganizationWithAdmin(trx, {
      name: 'My organization',
      admin: { email: 'admin@fieldhouse.local', firstName: 'Admin', lastName: 'User' },
      now,
    });
  });
}
