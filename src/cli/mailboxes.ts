import type { Command } from 'commander';
import type { Config } from '../config.js';
import { listResolvedMailboxes, MAILBOX_SHARES, redactedSmtpUrl, setMailbox, type Mailbox } from '../domain/emails/mailboxes.js';
import { resolveOrganization } from '../domain/organizations.js';
import type { CliContext } from './context.js';

function describe(mailbox: Mailbox & { memberEmail?: string }, serverSmtpUrl: string | undefined): string {
  const own = mailbox.smtpUrl !== undefined && mailbox.smtpUrl !== serverSmtpUrl;
  // The server's relay is its FIELDHOUSE_SMTP_URL, which this shell may not have set.
  const relay = own
    ? `its own relay ${redactedSmtpUrl(mailbox.smtpUrl!)}`
    : serverSmtpUrl
      ? `the server's relay ${redactedSmtpUrl(serverSmtpUrl)}`
      : "the server's relay (FIELDHOUSE_SMTP_URL of the server; not set in this shell)";
  return `${mailbox.memberEmail ?? mailbox.memberId}: sends as ${mailbox.address} through ${relay}; others read ${mailbox.share === 'full' ? 'all of it' : 'metadata only'}`;
}

export function registerMailboxCommands(program: Command, withStorage: CliContext['withStorage'], config: Config): void {
  const mailboxes = program.command('mailboxes').description("members' mailboxes: the relay and address their mail is sent from, and who reads it");
  mailboxes
    .command('set')
    .description("change a member's mailbox; what is not given stays as it is")
    .requiredOption('--member <email>', 'the member')
    .option('--smtp-url <url>', "the member's own relay, smtp://user:password@host:port (smtps:// for TLS); 'server' for FIELDHOUSE_SMTP_URL")
    .option('--address <address>', "the address their mail is sent from; 'member' for their member email")
    .option('--share <share>', `what other members read of their mail: ${MAILBOX_SHARES.join(' or ')}`)
    .option('--org <id>', 'organization (default: the only one)')
    .action((opts: { member: string; smtpUrl?: string; address?: string; share?: string; org?: string }) =>
      withStorage(async ({ db, now, out }) => {
        const organization = await resolveOrganization(db, opts.org);
        const mailbox = await setMailbox(db, {
          organizationId: organization.id,
          memberEmail: opts.member,
          ...(opts.smtpUrl === undefined ? {} : { smtpUrl: opts.smtpUrl === 'server' ? null : opts.smtpUrl }),
          ...(opts.address === undefined ? {} : { address: opts.address === 'member' ? null : opts.address }),
          ...(opts.share === undefined ? {} : { share: opts.share }),
          now,
        });
        out(describe({ ...mailbox, memberEmail: opts.member, smtpUrl: mailbox.smtpUrl ?? config.mail.smtpUrl }, config.mail.smtpUrl));
      }),
    );
  mailboxes
    .command('list')
    .description('every member and how their mail is sent (passwords hidden)')
    .option('--org <id>', 'organization (default: the only one)')
    .action((opts: { org?: string }) =>
      withStorage(async ({ db, out }) => {
        const organization = await resolveOrganization(db, opts.org);
        for (const mailbox of await listResolvedMailboxes(db, organization.id, config.mail.smtpUrl)) out(describe(mailbox, config.mail.smtpUrl));
      }),
    );
}
