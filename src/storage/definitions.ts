import { randomUUID } from 'node:crypto';
import { compiledOnce } from './compiled-once.js';
import type { DB } from './database.js';
import type { FieldDefinitionRow, RelationshipDefinitionRow } from './schema.js';

export async function insertFieldDefinitions(db: DB, rows: FieldDefinitionRow[]): Promise<void> {
  if (rows.length === 0) return;
  // An existing key keeps its row (and id): seeding is safe to repeat.
  await db.insertInto('field_definitions').values(rows).onConflict((oc) => oc.columns(['organization_id', 'object_type', 'key']).doNothing()).execute();
  await bumpDefinitionsVersion(db, rows.map((r) => r.organization_id));
}

export async function insertRelationshipDefinitions(db: DB, rows: RelationshipDefinitionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('relationship_definitions')
    .values(rows)
    .onConflict((oc) => oc.columns(['organization_id', 'object_type', 'key']).doNothing())
    .execute();
  await bumpDefinitionsVersion(db, rows.map((r) => r.organization_id));
}

/** Inserts one definition; false when its key is taken (the unique constraint decides under concurrency). */
export async function insertFieldDefinition(db: DB, row: FieldDefinitionRow): Promise<boolean> {
  const result = await db
    .insertInto('field_definitions')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'object_type', 'key']).doNothing())
    .executeTakeFirst();
  await bumpDefinitionsVersion(db, [row.organization_id]);
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function insertRelationshipDefinition(db: DB, row: RelationshipDefinitionRow): Promise<boolean> {
  const result = await db
    .insertInto('relationship_definitions')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'object_type', 'key']).doNothing())
    .executeTakeFirst();
  await bumpDefinitionsVersion(db, [row.organization_id]);
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function selectFieldDefinitions(db: DB, organizationId: string, objectType: string): Promise<FieldDefinitionRow[]> {
  return db
    .selectFrom('field_definitions')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('object_type', '=', objectType)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export async function selectRelationshipDefinitions(db: DB, organizationId: string, objectType: string): Promise<RelationshipDefinitionRow[]> {
  return db
    .selectFrom('relationship_definitions')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('object_type', '=', objectType)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export async function updateFieldDefinition(
  db: DB,
  row: Pick<FieldDefinitionRow, 'id' | 'organization_id'>,
  changes: Partial<Pick<FieldDefinitionRow, 'label' | 'description' | 'config'>>,
): Promise<void> {
  await db.updateTable('field_definitions').set(changes).where('id', '=', row.id).execute();
  await bumpDefinitionsVersion(db, [row.organization_id]);
}

/**
 * Every write above ends here, in the caller's transaction when it has one: readers that cached
 * definitions under the old token read them again. Tokens are random, so one that a rolled-back
 * write made and a reader saw is never current again.
 */
async function bumpDefinitionsVersion(db: DB, organizationIds: string[]): Promise<void> {
  for (const organizationId of new Set(organizationIds)) {
    await db
      .insertInto('definition_versions')
      .values({ organization_id: organizationId, version: randomUUID() })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet((eb) => ({ version: eb.ref('excluded.version') })))
      .execute();
  }
}

// Every record request reads it.
const selectVersion = compiledOnce((db, organizationId: string) => db.selectFrom('definition_versions').select('version').where('organization_id', '=', organizationId));

/** The organization's current definitions token; '' before its first definition write. */
export async function selectDefinitionsVersion(db: DB, organizationId: string): Promise<string> {
  const [row] = await selectVersion(db, organizationId);
  return row?.version ?? '';
}
