import { convert } from 'html-to-text';
import { DomainError } from '../errors.js';
import type { EmailInput } from './email-input.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text as HTML that reads the same: escaped, paragraphs at blank lines, line breaks kept. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  return escaped
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${paragraph.replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}

/** The parts a message is sent with: HTML mail carries a text part for clients that show no HTML. */
export function messageParts(body: EmailInput['body']): { html: string | undefined; text: string } {
  if (!body) return { html: undefined, text: '' };
  if (body.contentType === 'TEXT') return { html: undefined, text: body.content };
  let text: string;
  try {
    text = convert(body.content, { wordwrap: 78 });
  } catch (err) {
    // html-to-text walks the document recursively: nesting past the stack's depth fails there.
    throw new DomainError('invalid_value', `The HTML body could not be read (${err instanceof Error ? err.message : String(err)}); send it nested less deeply.`, 'messageBody.content');
  }
  return { html: body.content, text };
}

/** What `$body` (HTML) holds for a message. */
export function storedBody(body: EmailInput['body']): string | undefined {
  if (!body) return undefined;
  return body.contentType === 'TEXT' ? textToHtml(body.content) : body.content;
}
