import type { FastifyInstance } from 'fastify';
import type { Principal } from '../domain/access/api-keys.js';
import { grants } from '../domain/access/scopes.js';
import { DomainError } from '../domain/errors.js';
import { parseObjectTypeValue } from '../domain/lists/list-member-types.js';
import type { ListPage, ListView } from '../domain/lists/list-view.js';
import { listListPage, listMemberPage, listType, readList } from '../domain/lists/read-lists.js';
import { builtinType, type ObjectType, type ObjectTypeInfo } from '../domain/objects.js';
import type { RecordList } from '../domain/records/read-records.js';
import type { AppContext } from '../http/context.js';
import { MAX_PAGE_SIZE, parsePage } from '../http/pagination.js';
import { recordSettings } from '../http/record-context.js';
import { displayValue } from './display-value.js';
import { formToken } from './csrf.js';
import { EM_DASH, html, layout, sendPage, type Html, type SignedIn } from './html.js';
import { nameOf } from './record-data.js';
import { recordPath } from './record-page.js';
import { redirectToLogin, sessionPrincipal } from './session.js';

/** One page of a list's members, or why this key sees none of them. */
export type MembersShown = { page: RecordList; offset: number } | { hiddenBy: string };

function fieldValues(fields: Record<string, { value: unknown }>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.value]));
}

/** The type of records a list holds. */
function memberTypeOf(list: ListView, ctx: AppContext): { name: ObjectType; info: ObjectTypeInfo } {
  const name = parseObjectTypeValue(String(list.fields.$objectType?.value))!;
  return { name, info: builtinType(name, ctx.objectTypes) };
}

/** Links to the pages before and after this one, keeping the list's path. */
function pager(path: string, offset: number, shown: number, total: number): Html | null {
  const previous = offset > 0 ? html`<a href="${path}?offset=${Math.max(0, offset - MAX_PAGE_SIZE)}">Newer</a>` : null;
  const next = offset + shown < total ? html`<a href="${path}?offset=${offset + MAX_PAGE_SIZE}">Older</a>` : null;
  return previous || next ? html`<p class="kind">${previous}${previous && next ? ' · ' : null}${next}</p>` : null;
}

/** A list as a person reads it: its name, the kind of records it holds, and its members, newest first. */
export function listPage(list: ListView, memberType: ObjectTypeInfo, members: MembersShown, currency: string, signedIn: SignedIn): Html {
  const title = nameOf(fieldValues(list.fields)) ?? list.id;
  const path = `/crm/lists/${encodeURIComponent(list.id)}`;
  let body: Html;
  if ('hiddenBy' in members) {
    body = html`<p class="empty">Its members are hidden: this key does not have the '${members.hiddenBy}' scope.</p>`;
  } else {
    const { page, offset } = members;
    const rows = page.data.map((record) => {
      const name = nameOf(fieldValues(record.fields)) ?? record.id;
      return html`<tr><td><a href="${recordPath(memberType, record.id)}">${name}</a></td><td>${displayValue('DATETIME', record.createdAt, { config: {}, currency })}</td></tr>`;
    });
    const count = `${page.totalCount.toLocaleString('en-US')} ${page.totalCount === 1 ? 'member' : 'members'}`;
    body = html`<h2>${count}</h2>
${rows.length === 0 ? html`<p>${EM_DASH}</p>` : html`<table class="members"><thead><tr><th scope="col">Name</th><th scope="col">Created</th></tr></thead><tbody>${rows}</tbody></table>`}
${pager(path, offset, rows.length, page.totalCount)}`;
  }
  return layout({
    title,
    signedIn,
    body: html`<h1>${title}</h1>
<p class="kind">List of ${memberType.collection} · <code>${list.id}</code></p>
${body}`,
  });
}

/** The organization's lists, newest first, each with a link to its page. */
export function listsPage(lists: ListPage, offset: number, ctx: AppContext, signedIn: SignedIn): Html {
  const rows = lists.data.map((list) => {
    const title = nameOf(fieldValues(list.fields)) ?? list.id;
    return html`<li><a href="/crm/lists/${encodeURIComponent(list.id)}">${title}</a> <span class="empty">${memberTypeOf(list, ctx).info.collection}</span></li>`;
  });
  return layout({
    title: 'Lists',
    signedIn,
    body: html`<h1>Lists</h1>
${rows.length === 0 ? html`<p>${EM_DASH}</p>` : html`<ul>${rows}</ul>`}
${pager('/crm/lists', offset, rows.length, lists.totalCount)}`,
  });
}

/** GET /crm/lists and /crm/lists/{id}: the page behind a list's `httpLink`. */
export async function listRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const readContext = (principal: Principal) => {
    const scope = listType(ctx).readScope;
    if (!grants(principal.scopes, scope)) throw new DomainError('forbidden', `This key does not have the '${scope}' scope.`);
    return { db: ctx.storage.db, organizationId: principal.organizationId, settings: recordSettings(ctx), objectTypes: ctx.objectTypes };
  };

  app.get('/crm/lists', async (request, reply) => {
    const principal = await sessionPrincipal(ctx.storage.db, request, ctx.clock.now());
    if (!principal) return redirectToLogin(reply, request.url);
    const { offset } = parsePage(request.query);
    const lists = await listListPage(readContext(principal), { limit: MAX_PAGE_SIZE, offset });
    return sendPage(reply, 200, listsPage(lists, offset, ctx, { csrf: formToken(reply, ctx) }));
  });
  app.get<{ Params: { id: string } }>('/crm/lists/:id', async (request, reply) => {
    const principal = await sessionPrincipal(ctx.storage.db, request, ctx.clock.now());
    if (!principal) return redirectToLogin(reply, request.url);
    const { offset } = parsePage(request.query);
    const rc = readContext(principal);
    const list = await readList(rc, request.params.id);
    const memberType = memberTypeOf(list, ctx);
    const members: MembersShown = grants(principal.scopes, memberType.info.readScope)
      ? { page: await listMemberPage(rc, list.id, memberType.name, { limit: MAX_PAGE_SIZE, offset }, {}), offset }
      : { hiddenBy: memberType.info.readScope };
    return sendPage(reply, 200, listPage(list, memberType.info, members, ctx.config.currency, { csrf: formToken(reply, ctx) }));
  });
}
