import { findRecord } from '../../storage/records.js';
import { findOutboxEntry, insertOutboxEntry, renewOutboxLease, settleOutboxEntry } from '../../storage/email-outbox.js';
import type { EmailOutboxRow } from '../../storage/schema.js';
import { writeTransaction } from '../../storage/transactions.js';
import { RelayError, type OutgoingMessage } from '../../mail/smtp-relay.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { domainOf } from '../meetings/attendees.js';
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

/** `from` must be the sender's own mailbox, whatever its capitals; it is sent and stored as the mailbox spells it. */
export function ownMailboxInput(input: EmailInput, mailbox: Mailbox): EmailInput {
  if (input.from.toLowerCase() !== mailbox.address.toLowerCase()) {
    throw new DomainError('invalid_value', `'from' must be the address of your mailbox, ${mailbox.address}; got ${input.from}.`, 'from');
  }
  return { ...input, from: mailbox.address };
}

async function sentAtOf(ctx: MailContext, id: string): Promise<string> {
  const row = await findRecord(ctx.db, ctx.organizationId, emailType(ctx).objectType, id);
  const sentAt = row ? parseStoredFields(row).$sentAt : undefined;
  if (typeof sentAt !== 'string') throw new DomainError('internal', `Email ${id} was settled as sent but has no record.`);
  return sentAt;
}

/** What an earlier try under the same idempotency key got to: its answer, when it had one to give. */
async function answerOfEarlierTry(ctx: MailContext, entry: EmailOutboxRow): Promise<SendAnswer | undefined> {
  if (entry.state === 'failed') return undefined;
  if (entry.state === 'sending') {
    // Renewed or settled by its own process since it was read: read it again.
    if (entry.alive_until < ctx.now.toISOString() && !(await settleInDoubt(ctx, entry))) {
      const now = await findOutboxEntry(ctx.db, ctx.organizationId, entry.id);
      if (now && now.state !== 'sending') return answerOfEarlierTry(ctx, now);
      entry = now ?? entry;
    }
  }
  if (entry.state === 'sending') {
    if (entry.alive_until >= ctx.now.toISOString()) {
      // Still the earlier try's: this refusal must not free the key, or the link to that send goes with it.
      ctx.idempotency?.holdOnFailure(true);
      throw new DomainError('idempotency_conflict', 'This email is still being handed to the SMTP server by an earlier try with this idempotency key. Please wait and retry.');
    }
  }
  return { sentAt: await sentAtOf(ctx, entry.id) };
}

/**
 * Whether a relay's failure means the message was surely not taken: it said no (a 4xx or 5xx
 * reply), or it failed before any message could have been handed over (refused connection,
 * no such host, failed login). Anything else (a timeout, a dropped connection) may have come
 * after the relay had the whole message.
 */
function surelyNotDelivered(err: RelayError): boolean {
  const cause = err.cause as { responseCode?: unknown; code?: unknown; originalCode?: unknown };
  if (typeof cause.responseCode === 'number' && cause.responseCode >= 400) return true;
  if (['EAUTH', 'EDNS', 'EENVELOPE', 'ETLS'].includes(String(cause.code))) return true;
  // Refused, unroutable, or a certificate not trusted: no byte of the message left.
  const system = String(cause.originalCode ?? '');
  return ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'].includes(system) || /CERT|SELF_SIGNED|ERR_TLS|ERR_SSL/.test(system);
}

/** Hands the message over while renewing the send's lease, so no other process takes it for dead. */
async function deliverHoldingLease(
  ctx: MailContext,
  id: string,
  smtpUrl: string,
  input: EmailInput,
  parts: ReturnType<typeof messageParts>,
  attachments: OutgoingMessage['attachments'],
): Promise<string> {
  const renew = setInterval(() => {
    void renewOutboxLease(ctx.db, id, new Date(ctx.clock().getTime() + ctx.leaseMs).toISOString()).catch(() => {
      // A missed renewal only shortens the lease; the next one, or the send's end, follows.
    });
  }, Math.max(250, Math.floor(ctx.leaseMs / 3)));
  try {
    return await ctx.relay.deliver(smtpUrl, {
      messageId: `<${id}@${domainOf(input.from)}>`,
      from: input.from,
      to: input.to,
      cc: input.cc,
      bcc: input.bcc,
      subject: input.subject ?? '',
      ...parts,
      attachments,
    });
  } finally {
    clearInterval(renew);
  }
}

/**
 * `POST /v1/emails/send`: hands the message to the sender's relay and answers once the relay has
 * accepted it. The send is written down (durably) before the relay sees it and settled after,
 * so a retry of a send whose process died never hands the message over twice.
 */
export async function sendEmail(ctx: MailContext, body: unknown): Promise<SendAnswer> {
  const mailbox = await mailboxOf(ctx.db, ctx.organizationId, ctx.memberId, ctx.serverSmtpUrl);
  const input = ownMailboxInput(parseEmailInput(body), mailbox);
  if (!input.subject?.trim()) throw new DomainError('invalid_value', "'subject' must hold more than white space.", 'subject');
  // Made before anything is written: a body that cannot be read as HTML is the caller's to fix.
  const parts = messageParts(input.body);
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

  // Opened before the send is written down: bytes missing from the store fail it while nothing
  // is outstanding, rather than leave a send the sweep would record as sent.
  const attachments = await openAttachments(ctx.blobs, files);
  const id = newId(emailType(ctx).idPrefix, ctx.now.getTime());
  let reply: string;
  try {
    const startedAt = ctx.now.toISOString();
    await writeTransaction(ctx.db, ctx.organizationId, async (trx) => {
      const aliveUntil = new Date(ctx.now.getTime() + ctx.leaseMs).toISOString();
      await insertOutboxEntry(trx, { id, organization_id: ctx.organizationId, member_id: ctx.memberId, state: 'sending', message: JSON.stringify(input), started_at: startedAt, alive_until: aliveUntil, settled_at: null, relay_reply: null });
      await ctx.idempotency?.record(trx, id);
    });
    // On disk before the relay sees it: a send forgotten in a crash would be sent again by the retry.
    await ctx.durable();
    // From here a failure may leave the message with the relay: the key stays held for the retry to find it.
    ctx.idempotency?.holdOnFailure(true);
    reply = await deliverHoldingLease(ctx, id, smtpUrl, input, parts, attachments);
  } catch (err) {
    if (!(err instanceof RelayError)) throw err;
    if (!surelyNotDelivered(err)) {
      throw new DomainError(
        'service_unavailable',
        `The SMTP server ${err.host} stopped answering before it accepted the message (${err.reply}); it may have been delivered. Retry with the same Idempotency-Key: it will be settled, never sent twice.`,
      );
    }
    await settleOutboxEntry(ctx.db, id, 'failed', ctx.now.toISOString(), err.reply);
    ctx.idempotency?.holdOnFailure(false);
    throw new DomainError('service_unavailable', `The SMTP server ${err.host} did not take the message: ${err.reply}`);
  } finally {
    for (const { content } of attachments) content.destroy();
  }

  const sentAt = ctx.now.toISOString();
  const settled = await writeTransaction(ctx.db, ctx.organizationId, async (trx) => {
    if (!(await settleOutboxEntry(trx, id, 'sent', sentAt, reply))) return false;
    await writeEmailRecord(trx, writeEnv(ctx), { id, senderId: ctx.memberId, input, sentAt });
    return true;
  });
  // Settled meanwhile by a retry that took this send for dead: the record holds its time.
  return { sentAt: settled ? sentAt : await sentAtOf(ctx, id) };
}
