import { sql, type Kysely } from 'kysely';
import { textColumn } from './text-column.js';

/**
 * Channels, messages and enrichment runs. A channel or message brought in from a provider keeps
 * the provider's id in `records.external_id`, unique per organization and type, so an import run
 * twice finds what the first made. `enrichment_runs` holds one row per run, beside the job that
 * carries it out; the partial unique index lets a record have at most one run waiting or running,
 * which concurrent requests on PostgreSQL rely on as SQLite relies on its single writer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const text = textColumn(db);
  await db.schema
    .createIndex('records_external_id')
    .on('records')
    .columns(['organization_id', 'object_type', 'external_id'])
    .unique()
    .where(sql.ref('external_id'), 'is not', null)
    .execute();
  await db.schema
    .createTable('enrichment_runs')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('entity_id', text, (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON array of the field and relationship keys the run fills.
    .addColumn('target_fields', 'text', (c) => c.notNull())
    // 1 when the keys were named by the request: those are refreshed even when set.
    .addColumn('named', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema
    .createIndex('enrichment_runs_one_active')
    .on('enrichment_runs')
    .columns(['entity_id'])
    .unique()
    .where(sql<boolean>`"status" in ('queued', 'running')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enrichment_runs').execute();
  await db.schema.dropIndex('records_external_id').execute();
}
