import type { FastifyInstance } from 'fastify';
import type { Principal } from '../domain/access/api-keys.js';
import { grants } from '../domain/access/scopes.js';
import { listObjectTypes } from '../domain/custom-objects.js';
import { restoreRecord } from '../domain/lifecycle/restore-record.js';
import { canUndo } from '../domain/lifecycle/undo-merge.js';
import { findMerge } from '../storage/merges.js';
import { CUSTOM_OBJECT_TYPE } from '../domain/object-types/registry.js';
import { typeInfoOf, type ObjectTypeInfo } from '../domain/objects.js';
import { parseStoredFields } from '../domain/records/render-record.js';
import { notFound } from '../domain/records/read-records.js';
import { DomainError } from '../domain/errors.js';
import type { TrashedRecordRow } from '../storage/schema.js';
import { findTrashedById, listTrashed } from '../storage/trash.js';
import type { AppContext } from '../http/context.js';
import { MAX_PAGE_SIZE, parsePage } from '../http/pagination.js';
import { recordSettings } from '../http/record-context.js';
import { displayValue } from './display-value.js';
import { csrfField, EM_DASH, html, layout, sendPage, type Html, type SignedIn } from './html.js';
import { nameOf } from './record-data.js';
import { recordPath } from './record-page.js';
import { formChecks, formToken } from './csrf.js';
import { redirectToLogin, sessionPrincipal } from './session.js';

/** The deletable types whose records this key may read: the only ones its trash page shows. */
async function readableTypes(ctx: AppContext, principal: Principal): Promise<string[]> {
  const builtin = Object.entries(ctx.objectTypes)
    .filter(([, entry]) => entry.lifecycle && grants(principal.scopes, entry.readScope))
    .map(([name]) => name);
  const custom = grants(principal.scopes, CUSTOM_OBJECT_TYPE.readScope) ? (await listObjectTypes(ctx.storage.db, principal.organizationId)).map((o) => o.objectType) : [];
  return [...builtin, ...custom];
}

/** The merged-away records among `rows` whose merge can still be undone: undo, not restore, brings those back. */
async function undoable(ctx: AppContext, rows: readonly TrashedRecordRow[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const trashed of rows) {
    if (trashed.merge_id === null) continue;
    const merge = await findMerge(ctx.storage.db, trashed.organization_id, trashed.merge_id);
    if (merge && (await canUndo(ctx.storage.db, typeInfoOf(trashed.object_type, ctx.objectTypes), merge))) ids.add(trashed.id);
  }
  return ids;
}

function row(ctx: AppContext, principal: Principal, trashed: TrashedRecordRow, undoable: ReadonlySet<string>, signedIn: SignedIn): Html {
  const type = typeInfoOf(trashed.object_type, ctx.objectTypes);
  const name = nameOf(parseStoredFields(trashed)) ?? trashed.id;
  const deleted = displayValue('DATETIME', trashed.deleted_at, { config: {}, currency: ctx.config.currency });
  const restore =
    type.lifecycle && grants(principal.scopes, type.lifecycle.deleteScope) && !undoable.has(trashed.id)
      ? html`<form method="post" action="/crm/trash/${encodeURIComponent(trashed.id)}/restore">${csrfField(signedIn.csrf)}<button type="submit">Restore</button></form>`
      : EM_DASH;
  // A merged-away record comes back through the merge's undo while it can; after that, with its fields alone.
  const merged =
    trashed.merge_id === null
      ? null
      : html`<span class="empty">merged away by <code>${trashed.merge_id}</code>${undoable.has(trashed.id) ? html`; undo the merge to bring it back` : null}</span>`;
  return html`<tr><td><bdi>${name}</bdi> <code>${trashed.id}</code></td><td>${type.label}</td><td>${deleted}</td><td>${merged}${restore}</td></tr>`;
}

export function trashPage(
  ctx: AppContext,
  principal: Principal,
  page: { rows: TrashedRecordRow[]; total: number },
  offset: number,
  undoable: ReadonlySet<string>,
  signedIn: SignedIn,
): Html {
  const rows = page.rows.map((trashed) => row(ctx, principal, trashed, undoable, signedIn));
  const previous = offset > 0 ? html`<a href="/crm/trash?offset=${Math.max(0, offset - MAX_PAGE_SIZE)}">Newer</a>` : null;
  const next = offset + rows.length < page.total ? html`<a href="/crm/trash?offset=${offset + MAX_PAGE_SIZE}">Older</a>` : null;
  return layout({
    title: 'Trash',
    signedIn,
    body: html`<h1>Trash</h1>
<p class="kind">${page.total.toLocaleString('en-US')} deleted ${page.total === 1 ? 'record' : 'records'}; each is purged for good ${ctx.config.trashDays} days after it was deleted.</p>
${rows.length === 0 ? html`<p>${EM_DASH}</p>` : html`<table class="trash"><thead><tr><th scope="col">Record</th><th scope="col">Kind</th><th scope="col">Deleted</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table>`}
${previous || next ? html`<p class="kind">${previous}${previous && next ? ' · ' : null}${next}</p>` : null}`,
  });
}

/** GET /crm/trash and POST /crm/trash/{id}/restore: deleted records, and bringing one back. */
export async function trashRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/crm/trash', async (request, reply) => {
    const principal = await sessionPrincipal(ctx.storage.db, request, ctx.clock.now());
    if (!principal) return redirectToLogin(reply, request.url);
    const { offset } = parsePage(request.query);
    const page = await listTrashed(ctx.storage.db, principal.organizationId, await readableTypes(ctx, principal), { limit: MAX_PAGE_SIZE, offset });
    return sendPage(reply, 200, trashPage(ctx, principal, page, offset, await undoable(ctx, page.rows), { csrf: formToken(reply, ctx) }));
  });
  app.post<{ Params: { id: string } }>('/crm/trash/:id/restore', { preHandler: formChecks(app) }, async (request, reply) => {
    const principal = await sessionPrincipal(ctx.storage.db, request, ctx.clock.now());
    if (!principal) return redirectToLogin(reply, '/crm/trash');
    const trashed = await findTrashedById(ctx.storage.db, principal.organizationId, request.params.id);
    const type: ObjectTypeInfo | undefined = trashed ? typeInfoOf(trashed.object_type, ctx.objectTypes) : undefined;
    if (!trashed || !type?.lifecycle || !grants(principal.scopes, type.readScope)) throw notFound('trash');
    if (!grants(principal.scopes, type.lifecycle.deleteScope)) throw new DomainError('forbidden', `This key does not have the '${type.lifecycle.deleteScope}' scope.`);
    const rc = { db: ctx.storage.db, organizationId: principal.organizationId, memberId: principal.memberId, now: ctx.clock.now(), settings: recordSettings(ctx), objectTypes: ctx.objectTypes };
    await restoreRecord(rc, type, trashed.id, undefined);
    return reply.redirect(recordPath(type, trashed.id), 303);
  });
}
