import SQLite from 'better-sqlite3';
import type { RecordRows } from './record-rows.js';

/**
 * The seeder's fast path into an SQLite file the schema already exists in (openStorage ran the
 * migrations). It writes the same rows the API would, but in large transactions through
 * prepared statements, with durability off: a half-written file is never used, because the
 * dataset is only moved into the cache once complete (datasets.ts). The server later opens the
 * file normally (WAL, synchronous=FULL), so nothing of this tuning reaches what is measured.
 */
export interface BulkWriter {
  /** Writes every row of these records in one transaction. */
  write(batch: readonly RecordRows[]): void;
  /** Rebuilds the indexes dropped at open, returns the file to WAL mode and closes it. */
  close(): void;
}

/** Tables the seeder fills; their secondary indexes are rebuilt once at the end instead of row by row. */
const BULK_TABLES = ['records', 'record_terms', 'record_term_pairs', 'unique_values', 'record_links'];

export function openBulkWriter(file: string): BulkWriter {
  const db = new SQLite(file);
  // Only this connection: nobody else has the file open while a dataset is seeded.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -1048576'); // 1 GiB of page cache: index builds sort in memory.

  // Inserting 1M rows into five random-order B-trees is far slower than sorting once; the
  // migration's own CREATE INDEX statements are kept and replayed verbatim, so the schema is
  // exactly what migrations made.
  const placeholders = BULK_TABLES.map(() => '?').join(', ');
  const indexes = db
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${placeholders})`)
    .all(...BULK_TABLES) as Array<{ name: string; sql: string }>;
  for (const index of indexes) db.exec(`drop index "${index.name}"`);

  const insertRecord = db.prepare(
    'insert into records (id, organization_id, object_type, fields, external_id, created_at, updated_at) values (@id, @organization_id, @object_type, @fields, @external_id, @created_at, @updated_at)',
  );
  const insertTerm = db.prepare(
    'insert into record_terms (organization_id, object_type, field_key, record_id, term_text, term_key, term_number) values (@organization_id, @object_type, @field_key, @record_id, @term_text, @term_key, @term_number)',
  );
  const insertPair = db.prepare(
    'insert into record_term_pairs (organization_id, object_type, select_key, option_id, field_key, term_number, record_id) values (@organization_id, @object_type, @select_key, @option_id, @field_key, @term_number, @record_id)',
  );
  const insertUnique = db.prepare(
    'insert into unique_values (organization_id, object_type, field_key, value_key, value, record_id) values (@organization_id, @object_type, @field_key, @value_key, @value, @record_id)',
  );
  const insertLink = db.prepare(
    'insert into record_links (organization_id, link_type, source_id, target_id, created_at) values (@organization_id, @link_type, @source_id, @target_id, @created_at)',
  );

  const writeOne = (rows: RecordRows) => {
    insertRecord.run(rows.record);
    for (const term of rows.terms) insertTerm.run(term);
    for (const pair of rows.pairs) insertPair.run(pair);
    for (const unique of rows.uniques) insertUnique.run(unique);
    for (const link of rows.links) insertLink.run(link);
  };
  const write = db.transaction((batch: readonly RecordRows[]) => {
    for (const rows of batch) writeOne(rows);
  });
  return {
    write,
    close() {
      for (const index of indexes) db.exec(index.sql);
      db.pragma('locking_mode = NORMAL');
      db.pragma('journal_mode = WAL');
      db.close();
    },
  };
}
