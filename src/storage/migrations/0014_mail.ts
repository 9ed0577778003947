import type { Kysely } from 'kysely';
import { textColumn } from './text-column.js';

/**
 * What sending mail needs beside the email records themselves. `mailboxes` holds a member's own
 * relay, address and sharing, where they differ from the server's (`FIELDHOUSE_SMTP_URL`, the
 * member's `$email`, private). `email_outbox` holds each send from before the message is handed
 * to the relay until the relay's answer is settled, so a retry after a crash never sends twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const text = textColumn(db);
  await db.schema
    .createTable('mailboxes')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('member_id', text, (c) => c.notNull().references('members.id'))
    .addColumn('smtp_url', 'text')
    .addColumn('address', 'text')
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mailboxes_pk', ['organization_id', 'member_id'])
    .execute();
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('alive_until', text, (c) => c.notNull())
    .addColumn('settled_at', 'text')
    .addColumn('relay_reply', 'text')
    .execute();
  // The sweep's question: which sends were left in the relay's hands by a process that died.
  await db.schema.createIndex('email_outbox_state').on('email_outbox').columns(['state', 'alive_until']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_outbox').execute();
  await db.schema.dropTable('mailboxes').execute();
}
