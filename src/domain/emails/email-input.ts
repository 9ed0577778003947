import { DomainError } from '../errors.js';
import { isEmailAddress } from '../values/email.js';

export type BodyType = 'HTML' | 'TEXT';

/** A send or a draft as checked: bare addresses, each list without repeats. */
export interface EmailInput {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string | undefined;
  body: { contentType: BodyType; content: string } | undefined;
  /** File ids, in the order given. */
  attachments: string[];
}

/** What the route's JSON schema already holds the body to: types, required keys, list lengths. */
interface EmailBody {
  from: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  messageBody?: { contentType?: BodyType; content: string };
  attachments?: string[];
}

function address(value: string, param: string): string {
  if (!isEmailAddress(value)) throw new DomainError('invalid_value', `'${param}' must be a bare email address; got ${JSON.stringify(value)}.`, param);
  return value;
}

function addresses(values: readonly string[] | undefined, param: string): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  (values ?? []).forEach((value, i) => {
    const key = address(value, `${param}.${i}`).toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    kept.push(value);
  });
  return kept;
}

function fileIds(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}

/** `email.send` and `email.draft` bodies, past the route's schema. */
export function parseEmailInput(raw: unknown): EmailInput {
  const body = raw as EmailBody;
  return {
    from: address(body.from, 'from'),
    to: addresses(body.to, 'to'),
    cc: addresses(body.cc, 'cc'),
    bcc: addresses(body.bcc, 'bcc'),
    subject: body.subject,
    body: body.messageBody ? { contentType: body.messageBody.contentType ?? 'HTML', content: body.messageBody.content } : undefined,
    attachments: fileIds(body.attachments),
  };
}

/** A draft is `from` and something else: an address, a subject, a body or an attachment. */
export function assertDraftHasContent(input: EmailInput): void {
  const something = input.to.length + input.cc.length + input.bcc.length + input.attachments.length > 0 || !!input.subject || !!input.body?.content;
  if (!something) {
    throw new DomainError('parameter_missing', "A draft needs at least one of 'to', 'cc', 'bcc', 'subject', 'messageBody' or 'attachments' besides 'from', and not empty.", 'body');
  }
}

/** Everyone a message goes to, lower-cased as contacts' `$email` is indexed. */
export function recipientsOf(input: Pick<EmailInput, 'to' | 'cc' | 'bcc'>): string[] {
  return [...new Set([...input.to, ...input.cc, ...input.bcc].map((a) => a.toLowerCase()))];
}
