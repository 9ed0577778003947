import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { createCustomObject, listObjectTypes, resolveCustomObject } from '../../domain/custom-objects.js';
import { loadDefinitions } from '../../domain/definitions/load.js';
import { renderDefinitions } from '../../domain/definitions/render-definitions.js';
import { createRecord } from '../../domain/records/create-record.js';
import { listRecordPage, retrieveRecord } from '../../domain/records/read-records.js';
import { updateRecord } from '../../domain/records/update-record.js';
import type { AppContext } from '../context.js';
import { parsePage } from '../pagination.js';
import { recordContext, writeNamingRuns } from '../record-context.js';
import { apiRoute } from '../route-config.js';
import { definitionWriteRoutes } from './admin-definitions.js';
import { recordWriteBody } from './records.js';

interface SlugParams {
  entitySlug: string;
}
interface RecordParams extends SlugParams {
  id: string;
}

const newObjectBody = {
  type: 'object',
  required: ['slug', 'label'],
  properties: { slug: {}, label: {} },
  additionalProperties: false,
} as const;

/** Custom object types (`object.*` of the public API) and fieldhouse's admin endpoint that creates them. */
export const customObjectRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const typeOf = (request: FastifyRequest) => {
    const rc = recordContext(ctx, request);
    return resolveCustomObject(rc.db, rc.organizationId, (request.params as SlugParams).entitySlug);
  };
  const per = { namespaceParam: 'entitySlug' };

  app.get('/v1/objects', apiRoute({ operation: 'object.listDefinitions', scope: 'objects:read', category: 'read' }), async (request) => {
    const rc = recordContext(ctx, request);
    return { data: await listObjectTypes(rc.db, rc.organizationId) };
  });
  app.post(
    '/v1/objects',
    { ...apiRoute({ operation: 'object.createType', scope: 'admin', category: 'write', idempotent: true }), schema: { body: newObjectBody } },
    async (request) => {
      const rc = recordContext(ctx, request);
      return createCustomObject(rc.db, rc.organizationId, request.body as { slug: unknown; label: unknown }, rc.now);
    },
  );
  app.get<{ Params: SlugParams }>(
    '/v1/objects/:entitySlug/definitions',
    apiRoute({ operation: 'object.definitions', scope: 'objects:read', category: 'read' }),
    async (request) => {
      const rc = recordContext(ctx, request);
      const type = await typeOf(request);
      return renderDefinitions(await loadDefinitions(rc.db, rc.organizationId, type.objectType), rc.settings);
    },
  );
  app.get<{ Params: SlugParams }>('/v1/objects/:entitySlug', apiRoute({ operation: 'object.list', scope: 'objects:read', category: 'search' }), async (request) =>
    listRecordPage(recordContext(ctx, request), await typeOf(request), parsePage(request.query, { filters: true }), request.query as Record<string, unknown>),
  );
  app.post<{ Params: SlugParams }>(
    '/v1/objects/:entitySlug/values',
    { ...apiRoute({ operation: 'object.create', scope: 'objects:create', category: 'write', idempotent: true, ...per }), schema: { body: recordWriteBody } },
    async (request, reply) => {
      const type = await typeOf(request);
      return writeNamingRuns(ctx, request, reply, (rc) => createRecord(rc, type, request.body));
    },
  );
  app.get<{ Params: RecordParams }>(
    '/v1/objects/:entitySlug/values/:id',
    apiRoute({ operation: 'object.retrieve', scope: 'objects:read', category: 'read' }),
    async (request) => retrieveRecord(recordContext(ctx, request), await typeOf(request), request.params.id),
  );
  app.post<{ Params: RecordParams }>(
    '/v1/objects/:entitySlug/values/:id',
    { ...apiRoute({ operation: 'object.update', scope: 'objects:update', category: 'write', idempotent: true, ...per }), schema: { body: recordWriteBody } },
    async (request, reply) => {
      const type = await typeOf(request);
      return writeNamingRuns(ctx, request, reply, (rc) => updateRecord(rc, type, request.params.id, request.body));
    },
  );
  await app.register(
    definitionWriteRoutes({
      prefix: '/v1/objects/:entitySlug',
      operationPrefix: 'object',
      namespaceParam: 'entitySlug',
      resolve: (request, organizationId) => resolveCustomObject(ctx.storage.db, organizationId, (request.params as SlugParams).entitySlug),
    }),
    { ctx },
  );
};
