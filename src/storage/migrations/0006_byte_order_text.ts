import { sql, type Kysely } from 'kysely';
import { capabilitiesOf } from '../engine.js';

/**
 * Text compares by its bytes on every engine. SQLite does already (BINARY); a PostgreSQL database
 * compares by its locale unless told otherwise, which would reorder sorts, shift `startsWith`
 * ranges and tie-breaks by id. Later migrations create text columns with `COLLATE "C"` themselves
 * (see textColumn); this one converts the columns created before PostgreSQL was supported.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!capabilitiesOf(db).localeOrderedText) return;
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type = 'text' and table_name not like 'kysely_%'
    order by table_name, ordinal_position`.execute(db);
  for (const { table_name, column_name } of columns.rows) {
    await sql`alter table ${sql.table(table_name)} alter column ${sql.ref(column_name)} type text collate "C"`.execute(db);
  }
}

export async function down(): Promise<void> {}
