import type { DB } from '../../storage/database.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import { reachedThrough } from '../meetings/attendance.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import { builtinType } from '../objects.js';
import type { RecordContext } from '../records/context.js';
import type { WriteEnv } from '../records/effects/effect.js';
import { linkRow } from '../records/links.js';
import { applyWrite, withValues } from '../records/write-path.js';
import { recipientsOf, type EmailInput } from './email-input.js';
import { EMAIL_SENDER } from './email-view.js';
import { storedBody } from './message-body.js';

export function emailType(ctx: Pick<RecordContext, 'objectTypes'>): ObjectTypeInfo {
  return builtinType('email', ctx.objectTypes);
}

export interface EmailRecordInput {
  id: string;
  /** The member whose mailbox it is. */
  senderId: string;
  input: EmailInput;
  /** When the relay accepted it; undefined for a draft. */
  sentAt: string | undefined;
}

/**
 * Writes a sent message or a draft as an email record, in the caller's transaction: its
 * addresses and body, its attachments, and the contacts its recipients are (with their accounts
 * and opportunities), through the one write path, so a sent one is an interaction of theirs.
 */
export async function writeEmailRecord(trx: DB, env: WriteEnv, record: EmailRecordInput): Promise<void> {
  const type = env.typeOf('email');
  const defs = await env.definitionsOf(trx, type.objectType);
  const { input } = record;
  const at = env.now.toISOString();
  const fields = withValues({}, [
    ['$subject', input.subject || null],
    ['$sentAt', record.sentAt ?? null],
    ['$from', [input.from]],
    ['$to', input.to],
    ['$cc', input.cc],
    ['$bcc', input.bcc],
    ['$body', storedBody(input.body) ?? null],
  ]);
  const reached = await reachedThrough(trx, env, recipientsOf(input), record.sentAt ?? at);
  const org = env.organizationId;
  const links: RecordLinkRow[] = [
    linkRow(org, EMAIL_SENDER, record.id, record.senderId, at),
    ...input.attachments.map((fileId) => linkRow(org, { linkType: 'email.attachment', side: 'source' }, record.id, fileId, at)),
    ...reached.contact.map((id) => linkRow(org, { linkType: 'email.contact', side: 'source' }, record.id, id, at)),
    ...reached.account.map((id) => linkRow(org, { linkType: 'email.account', side: 'source' }, record.id, id, at)),
    ...reached.opportunity.map((id) => linkRow(org, { linkType: 'email.opportunity', side: 'source' }, record.id, id, at)),
  ];
  await applyWrite(trx, env, { type, defs, origin: 'create', recordId: record.id, row: undefined, fields, added: links, countsAsUpdate: true });
}
