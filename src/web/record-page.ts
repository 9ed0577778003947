import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { resolveCustomObject } from '../domain/custom-objects.js';
import { typeInfoOf, type ObjectTypeInfo } from '../domain/objects.js';
import type { ValueTypeName } from '../domain/values/value-type.js';
import type { AppContext } from '../http/context.js';
import { recordSettings } from '../http/record-context.js';
import { displayValue } from './display-value.js';
import { formToken } from './csrf.js';
import { EM_DASH, html, layout, sendPage, type Html, type SignedIn } from './html.js';
import { loadRecordPage, nameOf, typeOfPlural, type RecordPageData } from './record-data.js';
import { redirectToLogin, sessionPrincipal } from './session.js';

/** Where a record's page lives, relative to this server: the path of its `httpLink`. */
export function recordPath(type: ObjectTypeInfo, id: string): string {
  return `/crm/${type.path}/${encodeURIComponent(id)}`;
}

function fieldRows(data: RecordPageData, currency: string): Html[] {
  return Object.entries(data.view.fields).map(([key, field]) => {
    const definition = data.definitions.fields.find((d) => d.key === key);
    const value = displayValue(field.valueType as ValueTypeName, field.value, { config: definition?.config ?? {}, currency });
    return html`<tr><th scope="row">${definition?.label ?? key}</th><td>${value}</td></tr>`;
  });
}

function relationshipRows(data: RecordPageData): Html[] {
  return Object.entries(data.view.relationships).map(([key, relationship]) => {
    const definition = data.definitions.relationships.find((d) => d.key === key);
    const target = typeInfoOf(relationship.objectType, data.objectTypes);
    const links = relationship.values.map((id) => html`<li><a href="${recordPath(target, id)}">${data.linkedNames.get(id) ?? id}</a></li>`);
    const cell = links.length === 0 ? EM_DASH : html`<ul>${links}</ul>`;
    return html`<tr><th scope="row">${definition?.label ?? key}</th><td>${cell}</td></tr>`;
  });
}

/** A record as a person reads it: its name, each field by label, each relationship as links. */
export function recordPage(data: RecordPageData, currency: string, signedIn: SignedIn): Html {
  const { view, type } = data;
  const values = Object.fromEntries(Object.entries(view.fields).map(([key, field]) => [key, field.value]));
  const title = nameOf(values) ?? view.id;
  const relationships = relationshipRows(data);
  const when = (iso: string): Html => displayValue('DATETIME', iso, { config: {}, currency });
  const dates = html`Created ${when(view.createdAt)}${view.updatedAt ? html`, updated ${when(view.updatedAt)}` : null}`;
  return layout({
    title,
    signedIn,
    body: html`<h1>${title}</h1>
<p class="kind">${type.label} · <code>${view.id}</code></p>
<h2>Fields</h2>
<table class="fields"><tbody>${fieldRows(data, currency)}</tbody></table>
${relationships.length > 0 ? html`<h2>Relationships</h2>
<table class="relationships"><tbody>${relationships}</tbody></table>` : null}
<p class="kind">${dates}</p>`,
  });
}

/** GET /crm/{plural}/{id} and /crm/objects/{slug}/{id}: the page every `httpLink` opens. */
export async function recordRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const show = async (request: FastifyRequest, reply: FastifyReply, typeOf: (organizationId: string) => Promise<ObjectTypeInfo | undefined>, id: string) => {
    const principal = await sessionPrincipal(ctx.storage.db, request, ctx.clock.now());
    if (!principal) return redirectToLogin(reply, request.url);
    const type = await typeOf(principal.organizationId);
    if (!type) throw new DomainError('not_found', 'There is no such kind of record.');
    const settings = recordSettings(ctx);
    const data = await loadRecordPage({ db: ctx.storage.db, principal, settings, objectTypes: ctx.objectTypes }, type, id);
    return sendPage(reply, 200, recordPage(data, settings.currency, { csrf: formToken(reply, ctx) }));
  };
  app.get<{ Params: { plural: string; id: string } }>('/crm/:plural/:id', async (request, reply) => {
    const type = typeOfPlural(ctx.objectTypes, request.params.plural);
    return show(request, reply, async () => type, request.params.id);
  });
  app.get<{ Params: { slug: string; id: string } }>('/crm/objects/:slug/:id', async (request, reply) =>
    show(request, reply, (organizationId) => resolveCustomObject(ctx.storage.db, organizationId, request.params.slug), request.params.id),
  );
}
