import { convert } from 'html-to-text';
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
  return { html: body.content, text: convert(body.content, { wordwrap: 78 }) };
}

/** What `$body` (HTML) holds for a message. */
export function storedBody(body: EmailInput['body']): string | undefined {
  if (!body) return undefined;
  return body.contentType === 'TEXT' ? textToHtml(body.content) : body.content;
}
