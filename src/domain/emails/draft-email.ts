import { findRecord } from '../../storage/records.js';
import { writeTransaction } from '../../storage/transactions.js';
import { newId } from '../ids.js';
import type { RecordContext } from '../records/context.js';
import { writeEnv } from '../records/write-env.js';
import { attachmentFiles } from './attachments.js';
import { assertDraftHasContent, parseEmailInput } from './email-input.js';
import { emailType, writeEmailRecord } from './email-record.js';
import { mailboxOf } from './mailboxes.js';
import { ownMailboxInput } from './send-email.js';

export interface DraftAnswer {
  draftedAt: string;
}

/** `POST /v1/emails/draft`: a message kept in the sender's mailbox, sent to no one. */
export async function draftEmail(ctx: RecordContext, body: unknown): Promise<DraftAnswer> {
  const input = ownMailboxInput(parseEmailInput(body), await mailboxOf(ctx.db, ctx.organizationId, ctx.memberId, undefined));
  assertDraftHasContent(input);
  await attachmentFiles(ctx.db, ctx.organizationId, input.attachments, ctx.now);
  const type = emailType(ctx);

  const recovered = ctx.idempotency?.recovered;
  const earlier = recovered ? await findRecord(ctx.db, ctx.organizationId, type.objectType, recovered) : undefined;
  if (earlier) {
    ctx.idempotency?.answeredWithRecovered();
    return { draftedAt: earlier.created_at };
  }
  const id = newId(type.idPrefix, ctx.now.getTime());
  await writeTransaction(ctx.db, ctx.organizationId, async (trx) => {
    await writeEmailRecord(trx, writeEnv(ctx), { id, senderId: ctx.memberId, input, sentAt: undefined });
    await ctx.idempotency?.record(trx, id);
  });
  return { draftedAt: ctx.now.toISOString() };
}
