import type { Kysely } from 'kysely';
import { textColumn } from './text-column.js';

/**
 * Upload sessions and the files they become. The bytes live in a blob store; `blob_key` names
 * them once an upload has arrived. `signing_secrets` holds the key of the signed upload and
 * download URLs, in the database so that every server process sharing it signs alike.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const text = textColumn(db);
  await db.schema
    .createTable('files')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('session_expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('blob_key', 'text')
    .addColumn('uploaded_size', 'integer')
    .addColumn('uploaded_md5', 'text')
    .addColumn('uploaded_at', 'text')
    .execute();
  // The list order: newest first, id as tie-break.
  await db.schema.createIndex('files_by_organization').on('files').columns(['organization_id', 'created_at', 'id']).execute();
  await db.schema
    .createTable('signing_secrets')
    .addColumn('name', text, (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('signing_secrets').execute();
  await db.schema.dropTable('files').execute();
}
