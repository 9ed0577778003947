import type { Kysely } from 'kysely';
import { textColumn } from './text-column.js';

/**
 * Token buckets kept in the database, so every process serving an organization draws on one budget.
 * Times are epoch milliseconds as doubles: exact for dates, and a plain number on every engine.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_buckets')
    .addColumn('bucket', textColumn(db), (c) => c.primaryKey())
    .addColumn('tokens', 'double precision', (c) => c.notNull())
    .addColumn('refilled_at_ms', 'double precision', (c) => c.notNull())
    .addColumn('admitted', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_buckets').execute();
}
