import type { DB } from './database.js';
import type { FieldHistoryRow } from './schema.js';

export async function insertHistory(db: DB, rows: readonly FieldHistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('field_history').values(rows).execute();
}

/** Up to `limit` entries of one field, newest first, older than the entry `before` when given. */
export async function selectHistory(db: DB, recordId: string, fieldKey: string, limit: number, before?: string): Promise<FieldHistoryRow[]> {
  let query = db.selectFrom('field_history').selectAll().where('record_id', '=', recordId).where('field_key', '=', fieldKey);
  if (before !== undefined) query = query.where('id', '<', before);
  return query.orderBy('id', 'desc').limit(limit).execute();
}
