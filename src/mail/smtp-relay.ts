import type { Readable } from 'node:stream';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

/** A message as it is handed to a relay: bare addresses, a body in one or two parts, attachments streamed. */
export interface OutgoingMessage {
  /** `<…@…>`: the same for every try of one send. */
  messageId: string;
  from: string;
  to: readonly string[];
  cc: readonly string[];
  bcc: readonly string[];
  subject: string;
  html: string | undefined;
  text: string;
  attachments: ReadonlyArray<{ filename: string; contentType: string; content: Readable }>;
}

/** The relay refused the message or could not be reached; `reply` is its answer, or why there was none. */
export class RelayError extends Error {
  constructor(
    readonly host: string,
    readonly reply: string,
    options: { cause: unknown },
  ) {
    super(`${host}: ${reply}`, options);
    this.name = 'RelayError';
  }
}

/** What takes mail off fieldhouse's hands: an SMTP server, in production and in tests alike. */
export interface MailRelay {
  /** Resolves with the relay's accepting reply (`250 …`) once it has taken the message. */
  deliver(smtpUrl: string, message: OutgoingMessage): Promise<string>;
  close(): void;
}

function hostOf(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

function replyOf(err: unknown): string {
  const e = err as { response?: unknown; code?: unknown; message?: unknown };
  if (typeof e.response === 'string' && e.response !== '') return e.response;
  const message = typeof e.message === 'string' ? e.message : String(err);
  return typeof e.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

/** Sends through nodemailer's SMTP transport, one transport (and its settings) per relay URL. */
export function smtpRelay(options: { timeoutMs: number }): MailRelay {
  const transports = new Map<string, Transporter<SMTPTransport.SentMessageInfo>>();
  const transportFor = (smtpUrl: string) => {
    let transport = transports.get(smtpUrl);
    if (!transport) {
      transport = nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
      });
      transports.set(smtpUrl, transport);
    }
    return transport;
  };
  return {
    async deliver(smtpUrl, message) {
      try {
        const info = await transportFor(smtpUrl).sendMail({
          messageId: message.messageId,
          from: message.from,
          to: [...message.to],
          cc: [...message.cc],
          bcc: [...message.bcc],
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        });
        return info.response;
      } catch (err) {
        throw new RelayError(hostOf(smtpUrl), replyOf(err), { cause: err });
      }
    },
    close() {
      for (const transport of transports.values()) transport.close();
      transports.clear();
    },
  };
}
