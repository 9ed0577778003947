import type { FastifyReply } from 'fastify';
import { CSRF_FIELD, type CsrfToken } from './csrf.js';

/**
 * Markup that is already safe to send. Only `html` (and `raw`, for constant markup) make one,
 * so anything else that reaches a page goes through `escapeHtml` on the way.
 */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one escape of the web pages: safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** What a page may interpolate: text is escaped, Html is kept, lists are joined, null is nothing. */
export type Interpolation = Html | string | number | null | undefined | false | readonly Interpolation[];

function toMarkup(value: Interpolation): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(toMarkup).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A template whose every `${value}` is escaped unless it is already Html. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    markup += toMarkup(value) + (strings[i + 1] ?? '');
  });
  return new Html(markup);
}

/** Constant markup written in this code, never data. */
export const raw = (markup: string): Html => new Html(markup);

/** Html pieces with a separator between them. */
export function joinHtml(parts: readonly Html[], separator: Html | string): Html {
  const sep = toMarkup(separator);
  return new Html(parts.map((p) => p.markup).join(sep));
}

/** What every form that posts carries: the token that proves this server made the form for this browser. */
export const csrfField = (token: CsrfToken): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

export const EM_DASH = html`<span class="empty">—</span>`;

const STYLE = raw(`
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1.5rem;background:#1d2330;color:#fff}
header a{color:#fff;text-decoration:none;font-weight:600}
header form{margin:0}
main{max-width:56rem;margin:1.5rem auto;padding:0 1.5rem}
h1{margin:.2rem 0}
.kind{color:#5b6475;margin:0 0 1.5rem}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:1.5rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .8rem;border-bottom:1px solid #e3e6eb}
th{width:14rem;font-weight:500;color:#5b6475}
td ul{margin:0;padding-left:1.1rem}
pre{white-space:pre-wrap;margin:0;font:inherit}
.empty{color:#9aa1ad}
.error{color:#a32020}
.board{display:flex;gap:1rem;overflow-x:auto}
.stage{background:#fff;min-width:12rem;padding:.6rem}
.stage h2{font-size:1rem;margin:.2rem 0 .6rem}
form.login{background:#fff;padding:1.5rem;max-width:24rem}
form.login input[type=password]{width:100%;box-sizing:border-box;padding:.4rem;margin:.4rem 0 1rem}
`);

/** What a signed-in page needs beyond its data: the token of its forms (sign-out is on every one). */
export interface SignedIn {
  csrf: CsrfToken;
}

export interface PageOptions {
  title: string;
  body: Html;
  /** A signed-in page: shows the navigation and the sign-out button, whose form carries this token. */
  signedIn?: SignedIn;
}

/** A whole document in the one layout every page shares. */
export function layout({ title, body, signedIn }: PageOptions): Html {
  const signOut = signedIn
    ? html`<nav><a href="/crm/lists">Lists</a> · <a href="/crm/trash">Trash</a></nav><form method="post" action="/logout">${csrfField(signedIn.csrf)}<button type="submit">Sign out</button></form>`
    : null;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · fieldhouse</title>
<style>${STYLE}</style>
</head>
<body>
<header><a href="/crm/opportunities">fieldhouse</a>${signOut}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

/**
 * Sends a page. Pages hold an organization's data: never cached, never framed, no scripts, and
 * forms post only back here.
 */
export function sendPage(reply: FastifyReply, status: number, page: Html): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    .send(page.markup);
}

/** A page that only says what went wrong. */
export function sendMessagePage(reply: FastifyReply, status: number, title: string, message: string, signedIn?: PageOptions['signedIn']): FastifyReply {
  return sendPage(reply, status, layout({ title, signedIn, body: html`<h1>${title}</h1><p>${message}</p>` }));
}
