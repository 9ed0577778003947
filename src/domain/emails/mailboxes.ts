import { isSmtpUrl } from '../../config.js';
import type { DB } from '../../storage/database.js';
import { findMailbox, listMailboxes, saveMailbox } from '../../storage/mailboxes.js';
import { findMember, findMemberByEmail, listMembers } from '../../storage/members.js';
import type { MailboxShare } from '../../storage/schema.js';
import { DomainError } from '../errors.js';
import { isEmailAddress } from '../values/email.js';

export const MAILBOX_SHARES: readonly MailboxShare[] = ['metadata', 'full'];

/** Where a member's mail leaves from and who reads it, their own settings over the server's. */
export interface Mailbox {
  memberId: string;
  /** What `from` must be, compared case-insensitively. */
  address: string;
  /** Undefined when neither the member nor the server names a relay. */
  smtpUrl: string | undefined;
  share: MailboxShare;
}

export async function mailboxOf(db: DB, organizationId: string, memberId: string, serverSmtpUrl: string | undefined): Promise<Mailbox> {
  const [member, own] = await Promise.all([findMember(db, organizationId, memberId), findMailbox(db, organizationId, memberId)]);
  if (!member) throw new DomainError('internal', `The key's member ${memberId} is gone.`);
  return { memberId, address: own?.address ?? member.email, smtpUrl: own?.smtp_url ?? serverSmtpUrl, share: own?.share ?? 'metadata' };
}

/** A relay URL with its password (if any) left out, for printing. */
export function redactedSmtpUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export interface MailboxChange {
  organizationId: string;
  memberEmail: string;
  /** `null` goes back to the server's FIELDHOUSE_SMTP_URL; undefined keeps what is set. */
  smtpUrl?: string | null;
  address?: string | null;
  share?: string;
  now: Date;
}

/** `fieldhouse mailboxes set`: what the options name changes, the rest of the mailbox stays. */
export async function setMailbox(db: DB, change: MailboxChange): Promise<Mailbox> {
  const member = await findMemberByEmail(db, change.organizationId, change.memberEmail.trim().toLowerCase());
  if (!member) throw new DomainError('not_found', `No member '${change.memberEmail}' in ${change.organizationId}.`, 'member');
  if (typeof change.smtpUrl === 'string' && !isSmtpUrl(change.smtpUrl)) {
    throw new DomainError('invalid_value', 'The relay must be an smtp:// or smtps:// URL (smtp://user:password@host:port).', 'smtp-url');
  }
  if (typeof change.address === 'string' && !isEmailAddress(change.address)) {
    throw new DomainError('invalid_value', `'${change.address}' is not an email address.`, 'address');
  }
  const share = change.share?.toLowerCase();
  if (share !== undefined && !(MAILBOX_SHARES as readonly string[]).includes(share)) {
    throw new DomainError('invalid_value', `--share must be ${MAILBOX_SHARES.join(' or ')}; got '${change.share}'.`, 'share');
  }
  const current = await findMailbox(db, change.organizationId, member.id);
  await saveMailbox(db, {
    organization_id: change.organizationId,
    member_id: member.id,
    smtp_url: change.smtpUrl === undefined ? (current?.smtp_url ?? null) : change.smtpUrl,
    address: change.address === undefined ? (current?.address ?? null) : change.address,
    share: (share as MailboxShare | undefined) ?? current?.share ?? 'metadata',
    updated_at: change.now.toISOString(),
  });
  return mailboxOf(db, change.organizationId, member.id, undefined);
}

/** Every member's mailbox as it resolves, for `fieldhouse mailboxes list`. */
export async function listResolvedMailboxes(db: DB, organizationId: string, serverSmtpUrl: string | undefined): Promise<Array<Mailbox & { memberEmail: string }>> {
  const own = new Map((await listMailboxes(db, organizationId)).map((m) => [m.member_id, m]));
  return (await listMembers(db, organizationId)).map((member) => {
    const mailbox = own.get(member.id);
    return {
      memberId: member.id,
      memberEmail: member.email,
      address: mailbox?.address ?? member.email,
      smtpUrl: mailbox?.smtp_url ?? serverSmtpUrl,
      share: mailbox?.share ?? 'metadata',
    };
  });
}
