import type { Command } from 'commander';
import { LightfieldError } from '../../../packages/sdk/src/index.js';
import { action, IDEMPOTENCY_KEY, listCommand, resourceCommand, writeOptions, type ListFlags } from './shared.js';

// `fieldhouse email send|draft|list|retrieve`: mail from your mailbox through its SMTP relay.

type EmailFlags = { from: string; to?: string[]; cc?: string[]; bcc?: string[]; subject?: string; html?: string; text?: string; attachment?: string[]; idempotencyKey?: string };

/** Comma-separated or repeated: `--to a@x.com,b@y.com --to c@z.com`. */
function addressList(raw: string, previous: string[] = []): string[] {
  return [...previous, ...raw.split(',').map((a) => a.trim()).filter(Boolean)];
}

function emailBody(flags: EmailFlags): Record<string, unknown> {
  if (flags.html !== undefined && flags.text !== undefined) throw new LightfieldError('Give the body as --html or as --text, not both.');
  const content = flags.html ?? flags.text;
  return {
    from: flags.from,
    ...(flags.to && { to: flags.to }),
    ...(flags.cc && { cc: flags.cc }),
    ...(flags.bcc && { bcc: flags.bcc }),
    ...(flags.subject !== undefined && { subject: flags.subject }),
    ...(content !== undefined && { messageBody: { contentType: flags.html !== undefined ? 'HTML' : 'TEXT', content } }),
    ...(flags.attachment && { attachments: flags.attachment }),
  };
}

function emailWriteCommand(parent: Command, name: 'send' | 'draft', description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption('--from <address>', "your mailbox's address")
    .option('--to <addresses>', 'recipients, comma-separated or repeated', addressList)
    .option('--cc <addresses>', 'Cc recipients', addressList)
    .option('--bcc <addresses>', 'Bcc recipients', addressList)
    .option('--subject <text>', 'the subject')
    .option('--html <html>', 'an HTML body (a text part is made from it)')
    .option('--text <text>', 'a plain-text body')
    .option('--attachment <fileId>', 'a COMPLETED file to attach (repeatable, at most 5)', (id: string, previous: string[] = []) => [...previous, id])
    .option(...IDEMPOTENCY_KEY);
}

export function registerEmailResource(program: Command): void {
  const email = resourceCommand(program, 'email', 'mail sent from your mailbox through its SMTP relay, and drafts');
  emailWriteCommand(email, 'send', 'send a message; answers once the SMTP server accepted it').action(
    action((client, flags: EmailFlags) => client.email.send(emailBody(flags) as never, writeOptions(flags))),
  );
  emailWriteCommand(email, 'draft', 'store a draft; nothing is sent').action(
    action((client, flags: EmailFlags) => client.email.draft(emailBody(flags) as never, writeOptions(flags))),
  );
  listCommand(email, false).action(action((client, flags: ListFlags) => client.email.list({ limit: flags.limit, offset: flags.offset })));
  email
    .command('retrieve')
    .description('one email by id, with its body')
    .argument('<id>')
    .action(action((client, id: string) => client.email.retrieve(id)));
}
