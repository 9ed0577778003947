import { findRecord } from '../../storage/records.js';
import { findOutboxEntry, insertOutboxEntry, settleOutboxEntry } from '../../storage/email-outbox.js';
import type { EmailOutboxRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { RelayError } from '../../mail/smtp-relay.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { parseStoredFields } from '../records/render-record.js';
import { writeEnv } from '../records/write-env.js';
import { attachmentFiles, openAttachments } from './attachments.js';
import { parseEmailInput, type EmailInput } from './email-input.js';
import { emailType, writeEmailRecord } from './email-record.js';
import type { MailContext } from './mail-context.js';
import { mailboxOf, type Mailbox } from './mailboxes.js';
import { messageParts } from './message-body.js';
import { settleInDoubt } from './settle-in-doubt.js';

export interface SendAnswer {
  sentAt: string;
}

/** `from` must be the sender's own mailbox, whatever its capitals. */
export function assertOwnMailbox(input: EmailInput, mailbox: Mailbox): void {
  if (input.from.toLowerCase() !== mailbox.address.toLowerCase()) {
    throw new DomainError('invalid_value', `'from' must be the address of your mailbox, ${mailbox.address}; got ${input.from}.`, 'from');
  }
}

/** What an earlier try under the same idempotency key got to: its answer, when it had one to give. */
async function answerOfEarlierTry(ctx: MailContext, entry: EmailOutboxRow): Promise<SendAnswer | undefined> {
  if (entry.state === 'failed') return undefined;
  if (entry.state === 'sending') await settleInDoubt(ctx, entry);
  const row = await findRecord(ctx.db, ctx.organizationId, emailType(ctx).objectType, entry.id);
  const sentAt = row ? parseStoredFields(row).$sentAt : undefined;
  if (typeof sentAt !== 'string') throw new DomainError('internal', `Email ${entry.id} was settled as sent but has no record.`);
  return { sentAt };
}

/**
 * `POST /v1/emails/send`: hands the message to the sender's relay and answers once the relay has
 * accepted it. The send is written down (durably) before the relay sees it and settled after,
 * so a retry of a send whose process died never hands the message over twice.
 */
export async function sendEmail(ctx: MailContext, body: unknown): Promise<SendAnswer> {
  const input = parseEmailInput(body);
  const mailbox = await mailboxOf(ctx.db, ctx.organizationId, ctx.memberId, ctx.serverSmtpUrl);
  assertOwnMailbox(input, mailbox);
  const files = await attachmentFiles(ctx.db, ctx.organizationId, input.attachments, ctx.now);

  const recovered = ctx.idempotency?.recovered;
  const earlier = recovered ? await findOutboxEntry(ctx.db, ctx.organizationId, recovered) : undefined;
  if (earlier) {
    const answer = await answerOfEarlierTry(ctx, earlier);
    if (answer) {
      ctx.idempotency?.answeredWithRecovered();
      return answer;
    }
  }
  const smtpUrl = mailbox.smtpUrl;
  if (!smtpUrl) {
    throw new DomainError('service_unavailable', `No SMTP relay is set for ${mailbox.address}: set FIELDHOUSE_SMTP_URL, or give the member one with 'fieldhouse mailboxes set'.`);
  }

  const id = newId(emailType(ctx).idPrefix, ctx.now.getTime());
  const startedAt = ctx.now.toISOString();
  await writeTransaction(ctx.db, ctx.organizationId, async (trx) => {
    await insertOutboxEntry(trx, { id, organization_id: ctx.organizationId, member_id: ctx.memberId, state: 'sending', message: JSON.stringify(input), started_at: startedAt, settled_at: null, relay_reply: null });
    await ctx.idempotency?.record(trx, id);
  });
  // On disk before the relay sees it: a send forgotten in a crash would be sent again by the retry.
  await ctx.durable();

  let reply: string;
  try {
    const attachments = await openAttachments(ctx.blobs, files);
    reply = await ctx.relay.deliver(smtpUrl, { messageId: `<${id}@${ctx.messageIdHost}>`, from: input.from, to: input.to, cc: input.cc, bcc: input.bcc, subject: input.subject ?? '', ...messageParts(input.body), attachments });
  } catch (err) {
    const why = err instanceof RelayError ? err.reply : err instanceof Error ? err.message : String(err);
    await settleOutboxEntry(ctx.db, id, 'failed', ctx.now.toISOString(), why);
    if (err instanceof RelayError) throw new DomainError('service_unavailable', `The SMTP server ${err.host} did not take the message: ${err.reply}`);
    throw err;
  }

  const sentAt = ctx.now.toISOString();
  await writeTransaction(ctx.db, ctx.organizationId, async (trx) => {
    if (!(await settleOutboxEntry(trx, id, 'sent', sentAt, reply))) return;
    await writeEmailRecord(trx, writeEnv(ctx), { id, senderId: ctx.memberId, input, sentAt });
  });
  return { sentAt };
}
