import { sql, type Kysely } from 'kysely';

/**
 * Durable background jobs, in the same database as the records they follow, so a job is
 * enqueued in the transaction of the write that causes it. Each job is a workflow run (wfr_…).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('run_by', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  // At most one waiting job per target: a burst of edits folds into it (coalescing).
  await db.schema
    .createIndex('jobs_one_queued_per_target')
    .on('jobs')
    .columns(['kind', 'target_id'])
    .unique()
    .where(sql.ref('status'), '=', 'queued')
    .execute();
  // What a worker looks for: due queued jobs, and running ones whose lease ran out.
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_after']).execute();
  await db.schema.createIndex('jobs_target').on('jobs').columns(['target_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
