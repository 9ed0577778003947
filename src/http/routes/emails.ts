import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { draftEmail } from '../../domain/emails/draft-email.js';
import { emailType } from '../../domain/emails/email-record.js';
import { emailListItem } from '../../domain/emails/email-view.js';
import type { MailContext } from '../../domain/emails/mail-context.js';
import { sendEmail } from '../../domain/emails/send-email.js';
import { listRecordPage, retrieveRecord } from '../../domain/records/read-records.js';
import type { AppContext } from '../context.js';
import { parsePage } from '../pagination.js';
import { recordContext } from '../record-context.js';
import { apiRoute } from '../route-config.js';

const MAX_RECIPIENTS = 500;
const MAX_ATTACHMENTS = 5;
/** As long as any TEXT value may be: `$subject` is one. */
const MAX_SUBJECT = 10_000;

const addresses = (minItems: number) => ({ type: 'array', minItems, maxItems: MAX_RECIPIENTS, items: { type: 'string' } }) as const;

/** The shapes of `send` and `draft`; what an address or a file id must be is the domain's to say. */
function emailBody(mode: 'send' | 'draft') {
  const send = mode === 'send';
  return {
    type: 'object',
    properties: {
      from: { type: 'string' },
      to: addresses(send ? 1 : 0),
      cc: addresses(0),
      bcc: addresses(0),
      subject: { type: 'string', maxLength: MAX_SUBJECT, ...(send ? { minLength: 1 } : {}) },
      messageBody: {
        type: 'object',
        properties: { contentType: { enum: ['HTML', 'TEXT'] }, content: { type: 'string', ...(send ? { minLength: 1 } : {}) } },
        required: ['content'],
        additionalProperties: false,
      },
      attachments: { type: 'array', maxItems: MAX_ATTACHMENTS, items: { type: 'string' } },
    },
    required: send ? ['from', 'to', 'subject', 'messageBody'] : ['from'],
    additionalProperties: false,
  } as const;
}

function mailContext(ctx: AppContext, request: FastifyRequest): MailContext {
  return {
    ...recordContext(ctx, request),
    relay: ctx.relay,
    blobs: ctx.blobs,
    serverSmtpUrl: ctx.config.mail.smtpUrl,
    durable: () => ctx.storage.durable(),
    leaseMs: ctx.config.mail.leaseMs,
    clock: () => ctx.clock.now(),
  };
}

/** The four `email.*` operations: mail sent through the sender's relay, drafts, and reads that respect whose mail it is. */
export const emailRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const type = emailType(ctx);
  const write = (operation: 'send' | 'draft') => ({
    ...apiRoute({ operation: `email.${operation}`, scope: 'emails:create', category: 'write', idempotent: true }),
    schema: { body: emailBody(operation) },
  });
  const read = (operation: string, category: 'read' | 'search') => apiRoute({ operation: `email.${operation}`, scope: 'emails:read', category });

  app.post('/v1/emails/send', write('send'), async (request) => sendEmail(mailContext(ctx, request), request.body));
  app.post('/v1/emails/draft', write('draft'), async (request) => draftEmail(recordContext(ctx, request), request.body));
  app.get('/v1/emails', read('list', 'search'), async (request) => {
    // Only limit and offset, as the public API: a filter or sort on `$subject` would tell what METADATA hides.
    const page = await listRecordPage(recordContext(ctx, request), type, parsePage(request.query));
    return { ...page, data: page.data.map(emailListItem) };
  });
  app.get<{ Params: { id: string } }>('/v1/emails/:id', read('retrieve', 'read'), async (request) => retrieveRecord(recordContext(ctx, request), type, request.params.id));
};
