import type { DB } from './database.js';
import type { FieldDefinitionRow, RelationshipDefinitionRow } from './schema.js';

export async function insertFieldDefinitions(db: DB, rows: FieldDefinitionRow[]): Promise<void> {
  if (rows.length === 0) return;
  // An existing key keeps its row (and id): seeding is safe to repeat.
  await db.insertInto('field_definitions').values(rows).onConflict((oc) => oc.columns(['organization_id', 'object_type', 'key']).doNothing()).execute();
}

export async function insertRelationshipDefinitions(db: DB, rows: RelationshipDefinitionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('relationship_definitions')
    .values(rows)
    .onConflict((oc) => oc.columns(['organization_id', 'object_type', 'key']).doNothing())
    .execute();
}

/** Inserts one definition; false when its key is taken (the unique constraint decides under concurrency). */
export async function insertFieldDefinition(db: DB, row: FieldDefinitionRow): Promise<boolean> {
  const result = await db
    .insertInto('field_definitions')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'object_type', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function insertRelationshipDefinition(db: DB, row: RelationshipDefinitionRow): Promise<boolean> {
  const result = await db
    .insertInto('relationship_definitions')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'object_type', 'key']).doNothing())
    .executeTakeFirst();
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
  id: string,
  changes: Partial<Pick<FieldDefinitionRow, 'label' | 'description' | 'config'>>,
): Promise<void> {
  await db.updateTable('field_definitions').set(changes).where('id', '=', id).execute();
}
