import type { FastifyInstance } from 'fastify';
import { grants } from '../domain/access/scopes.js';
import { loadDefinitions } from '../domain/definitions/load.js';
import { DomainError } from '../domain/errors.js';
import { builtinType } from '../domain/objects.js';
import { stageStatus } from '../domain/records/derived-fields.js';
import { parseStoredFields } from '../domain/records/render-record.js';
import type { AppContext } from '../http/context.js';
import { listRecords } from '../storage/records.js';
import { displayValue } from './display-value.js';
import { formToken } from './csrf.js';
import { EM_DASH, html, layout, sendPage, type Html, type SignedIn } from './html.js';
import { recordPath } from './record-page.js';
import { redirectToLogin, sessionPrincipal } from './session.js';

/** The board shows at most this many of the newest opportunities; lists page the rest. */
export const BOARD_LIMIT = 1000;

interface Card {
  id: string;
  name: string;
  amount: unknown;
}

export function pipelineBoard(columns: Array<{ label: string; cards: Card[] }>, currency: string, signedIn: SignedIn): Html {
  const column = ({ label, cards }: { label: string; cards: Card[] }) => html`<section class="stage"><h2>${label} <span class="empty">${cards.length}</span></h2>
${cards.length === 0 ? EM_DASH : html`<ul>${cards.map((c) => html`<li><a href="${recordPath(builtinType('opportunity'), c.id)}">${c.name}</a> ${displayValue('CURRENCY', c.amount, { config: {}, currency })}</li>`)}</ul>`}</section>`;
  return layout({ title: 'Pipeline', signedIn, body: html`<h1>Pipeline</h1><div class="board">${columns.map(column)}</div>` });
}

export async function loadPipeline(ctx: AppContext, organizationId: string): Promise<Array<{ label: string; cards: Card[] }>> {
  const db = ctx.storage.db;
  const defs = await loadDefinitions(db, organizationId, 'opportunity');
  const stages = (defs.fields.find((f) => f.key === '$stage')?.config.options ?? []).filter((o) => o.status === 'OPEN' && !o.archived);
  const columns = new Map(stages.map((s) => [s.id, { label: s.label, cards: [] as Card[] }]));
  for (const row of await listRecords(db, organizationId, 'opportunity', { limit: BOARD_LIMIT, offset: 0 })) {
    const fields = parseStoredFields(row);
    if (stageStatus(defs, fields) !== 'OPEN') continue;
    columns.get(String(fields.$stage))?.cards.push({ id: row.id, name: String(fields.$name ?? row.id), amount: fields.$amount ?? null });
  }
  return [...columns.values()];
}

/** GET /crm/opportunities: open opportunities grouped by stage, in the stage order of the definition. */
export async function pipelineRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/crm/opportunities', async (request, reply) => {
    const principal = await sessionPrincipal(ctx.storage.db, request, ctx.clock.now());
    if (!principal) return redirectToLogin(reply, request.url);
    if (!grants(principal.scopes, 'opportunities:read')) throw new DomainError('forbidden', "This key does not have the 'opportunities:read' scope.");
    return sendPage(reply, 200, pipelineBoard(await loadPipeline(ctx, principal.organizationId), ctx.config.currency, { csrf: formToken(reply, ctx) }));
  });
}
