import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { OBJECT_TYPES, type ObjectType } from '../domain/objects.js';
import type { ValueTypeName } from '../domain/values/value-type.js';
import type { AppContext } from '../http/context.js';
import { displayValue } from './display-value.js';
import { EM_DASH, html, layout, sendPage, type Html } from './html.js';
import { loadRecordPage, nameOf, objectTypeOfPlural, type RecordPageData } from './record-data.js';
import { redirectToLogin, sessionPrincipal } from './session.js';

/** Where a record's page lives, relative to this server: the path of its `httpLink`. */
export function recordPath(objectType: ObjectType, id: string): string {
  return `/crm/${OBJECT_TYPES[objectType].plural}/${encodeURIComponent(id)}`;
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
    const target = relationship.objectType as ObjectType;
    const links = relationship.values.map((id) => {
      const name = data.linkedNames.get(id);
      const href = target in OBJECT_TYPES ? recordPath(target, id) : null;
      const label = name ?? id;
      return href ? html`<li><a href="${href}">${label}</a></li>` : html`<li>${label}</li>`;
    });
    const cell = links.length === 0 ? EM_DASH : html`<ul>${links}</ul>`;
    return html`<tr><th scope="row">${definition?.label ?? key}</th><td>${cell}</td></tr>`;
  });
}

/** A record as a person reads it: its name, each field by label, each relationship as links. */
export function recordPage(data: RecordPageData, currency: string): Html {
  const { view, objectType } = data;
  const values = Object.fromEntries(Object.entries(view.fields).map(([key, field]) => [key, field.value]));
  const title = nameOf(values) ?? view.id;
  const relationships = relationshipRows(data);
  const when = (iso: string): Html => displayValue('DATETIME', iso, { config: {}, currency });
  const dates = html`Created ${when(view.createdAt)}${view.updatedAt ? html`, updated ${when(view.updatedAt)}` : null}`;
  return layout({
    title,
    signedIn: true,
    body: html`<h1>${title}</h1>
<p class="kind">${OBJECT_TYPES[objectType].label} · <code>${view.id}</code></p>
<h2>Fields</h2>
<table class="fields"><tbody>${fieldRows(data, currency)}</tbody></table>
${relationships.length > 0 ? html`<h2>Relationships</h2>
<table class="relationships"><tbody>${relationships}</tbody></table>` : null}
<p class="kind">${dates}</p>`,
  });
}

/** GET /crm/{plural}/{id}: the page every `httpLink` opens. */
export async function recordRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Params: { plural: string; id: string } }>('/crm/:plural/:id', async (request, reply) => {
    const principal = await sessionPrincipal(ctx.storage.db, request, ctx.clock.now());
    if (!principal) return redirectToLogin(reply, request.url);
    const objectType = objectTypeOfPlural(request.params.plural);
    if (!objectType) throw new DomainError('not_found', 'There is no such kind of record.');
    const settings = { publicUrl: ctx.publicUrl(), defaultRegion: ctx.config.defaultRegion, currency: ctx.config.currency };
    const data = await loadRecordPage({ db: ctx.storage.db, principal, settings }, objectType, request.params.id);
    return sendPage(reply, 200, recordPage(data, settings.currency));
  });
}
