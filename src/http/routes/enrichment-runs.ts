import type { FastifyPluginAsync } from 'fastify';
import { requestEnrichment } from '../../domain/enrichment/request-enrichment.js';
import { renderEnrichmentRun } from '../../domain/enrichment/run-view.js';
import { DomainError } from '../../domain/errors.js';
import { registeredType, typeInfoOf } from '../../domain/objects.js';
import { findEnrichmentRun } from '../../storage/enrichment-runs.js';
import type { AppContext } from '../context.js';
import { acceptEmptyJson } from '../empty-json-body.js';
import { principalOf, recordContext } from '../record-context.js';
import { requireScopes } from '../require-scopes.js';
import { apiRoute } from '../route-config.js';

/** `enrichment.enrich` for each type the registry enriches, and `enrichment.getEnrichmentRun`. */
export const enrichmentRunRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  acceptEmptyJson(app);
  for (const [name, entry] of Object.entries(ctx.objectTypes)) {
    if (!entry.enrichment || !entry.recordRoutes) continue;
    const type = registeredType(ctx.objectTypes, name)!;
    const route = apiRoute({ operation: `enrichment.enrich.${name}`, scope: entry.recordRoutes.update, category: 'write', idempotent: true, namespaceParam: 'id' });
    app.post<{ Params: { id: string } }>(`/v1/enrichmentRun/${entry.plural}/:id`, route, async (request) =>
      requestEnrichment(recordContext(ctx, request), type, request.params.id, request.body),
    );
  }
  app.get<{ Params: { runId: string } }>('/v1/enrichmentRun/:runId', apiRoute({ operation: 'enrichment.getEnrichmentRun', scope: null, category: 'read' }), async (request) => {
    const run = await findEnrichmentRun(ctx.storage.db, principalOf(request).organizationId, request.params.runId);
    if (!run) throw new DomainError('not_found', "No resource found in 'enrichmentRun' with the given ID.");
    requireScopes(request, [typeInfoOf(run.entity_type, ctx.objectTypes).readScope]);
    return renderEnrichmentRun(run);
  });
};
