import type { Kysely } from 'kysely';
import { textColumn } from './text-column.js';

/**
 * What a request created under its idempotency key, written in the same transaction as the
 * creation: a retry after the process died between commit and answer finds it instead of
 * creating a second one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('effect_ref', textColumn(db)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('effect_ref').execute();
}
