import type { DB } from './database.js';
import type { OrganizationRow } from './schema.js';

export async function insertOrganization(db: DB, row: OrganizationRow): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export async function listOrganizations(db: DB): Promise<OrganizationRow[]> {
  return db.selectFrom('organizations').selectAll().orderBy('created_at').orderBy('id').execute();
}
