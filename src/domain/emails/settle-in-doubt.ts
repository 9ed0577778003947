import { abandonedOutboxEntries, settleOutboxEntry } from '../../storage/email-outbox.js';
import type { EmailOutboxRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import type { DB } from '../../storage/database.js';
import type { ObjectTypeRegistry } from '../object-types/object-type.js';
import type { RecordSettings } from '../records/context.js';
import { writeEnv } from '../records/write-env.js';
import type { EmailInput } from './email-input.js';
import { writeEmailRecord } from './email-record.js';

export interface SettleContext {
  db: DB;
  now: Date;
  settings: Pick<RecordSettings, 'jobs'>;
  objectTypes?: ObjectTypeRegistry;
}

const IN_DOUBT = 'in doubt: the sending process stopped before the relay answered; not sent again';

/**
 * Settles a send whose process died while the relay had it: it may have been accepted, and
 * SMTP cannot be asked. It is recorded as sent at the time it was handed over, never handed over
 * again: a second copy in a prospect's inbox is the failure a CRM must not have.
 */
export async function settleInDoubt(ctx: SettleContext, entry: EmailOutboxRow): Promise<boolean> {
  const env = writeEnv({ organizationId: entry.organization_id, now: ctx.now, settings: ctx.settings, objectTypes: ctx.objectTypes });
  return writeTransaction(ctx.db, entry.organization_id, async (trx) => {
    const now = ctx.now.toISOString();
    if (!(await settleOutboxEntry(trx, entry.id, 'sent', now, IN_DOUBT, now))) return false;
    const input = JSON.parse(entry.message) as EmailInput;
    await writeEmailRecord(trx, env, { id: entry.id, senderId: entry.member_id, input, sentAt: entry.started_at });
    return true;
  });
}

/**
 * Settles the sends left `sending` by processes that died: those whose lease lapsed, so that a
 * send still in another live process's hands is never taken for dead. One that cannot be settled
 * stays for the next sweep and does not hold up the others.
 */
export async function settleAbandonedSends(ctx: SettleContext): Promise<number> {
  const entries = await abandonedOutboxEntries(ctx.db, ctx.now.toISOString());
  const failures: unknown[] = [];
  for (const entry of entries) await settleInDoubt(ctx, entry).catch((err: unknown) => failures.push(err));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${entries.length} abandoned sends could not be settled`);
  return entries.length;
}
