import type { DB } from './database.js';
import type { EmailOutboxRow, OutboxState } from './schema.js';

export async function insertOutboxEntry(db: DB, row: EmailOutboxRow): Promise<void> {
  await db.insertInto('email_outbox').values(row).execute();
}

export async function findOutboxEntry(db: DB, organizationId: string, id: string): Promise<EmailOutboxRow | undefined> {
  return db.selectFrom('email_outbox').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

/**
 * Moves a send out of `sending`; false when it had already left it (another process settled it
 * first), so a send is settled once.
 */
export async function settleOutboxEntry(
  db: DB,
  id: string,
  state: Exclude<OutboxState, 'sending'>,
  at: string,
  relayReply: string | null,
  /** Only if its lease lapsed before this time: a send renewed meanwhile is still alive. */
  lapsedBefore?: string,
): Promise<boolean> {
  let query = db.updateTable('email_outbox').set({ state, settled_at: at, relay_reply: relayReply }).where('id', '=', id).where('state', '=', 'sending');
  if (lapsedBefore !== undefined) query = query.where('alive_until', '<', lapsedBefore);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Renews the lease of a send still with the relay. */
export async function renewOutboxLease(db: DB, id: string, aliveUntil: string): Promise<void> {
  await db.updateTable('email_outbox').set({ alive_until: aliveUntil }).where('id', '=', id).where('state', '=', 'sending').execute();
}

/** Sends still `sending` whose lease lapsed before `now`: their process died with the relay's answer. */
export async function abandonedOutboxEntries(db: DB, now: string): Promise<EmailOutboxRow[]> {
  return db.selectFrom('email_outbox').selectAll().where('state', '=', 'sending').where('alive_until', '<', now).orderBy('alive_until').execute();
}
