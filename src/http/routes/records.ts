import type { FastifyPluginAsync } from 'fastify';
import type { Scope } from '../../domain/access/scopes.js';
import { loadDefinitions } from '../../domain/definitions/load.js';
import { renderDefinitions } from '../../domain/definitions/render-definitions.js';
import { builtinType, type ObjectType } from '../../domain/objects.js';
import { createRecord } from '../../domain/records/create-record.js';
import { listRecordPage, retrieveRecord } from '../../domain/records/read-records.js';
import { updateRecord } from '../../domain/records/update-record.js';
import type { AppContext } from '../context.js';
import { parsePage } from '../pagination.js';
import { recordContext, writeNamingRuns } from '../record-context.js';
import { apiRoute } from '../route-config.js';

// Only the top level is fixed here; what `fields` and `relationships` hold is the domain's to check, in order.
export const recordWriteBody = {
  type: 'object',
  properties: { fields: {}, relationships: {} },
  additionalProperties: false,
} as const;

interface IdParams {
  id: string;
}

/** create, retrieve, update, list and definitions of one record type, under its plural path. */
export function recordRoutes(objectType: Exclude<ObjectType, 'member'>): FastifyPluginAsync<{ ctx: AppContext }> {
  const type = builtinType(objectType);
  const plural = type.path;
  const scope = (action: 'create' | 'read' | 'update') => `${plural}:${action}` as Scope;
  return async (app, { ctx }) => {
    app.post(
      `/v1/${plural}`,
      { ...apiRoute({ operation: `${objectType}.create`, scope: scope('create'), category: 'write', idempotent: true }), schema: { body: recordWriteBody } },
      async (request, reply) => writeNamingRuns(ctx, request, reply, (rc) => createRecord(rc, type, request.body)),
    );
    app.get(
      `/v1/${plural}/definitions`,
      apiRoute({ operation: `${objectType}.definitions`, scope: scope('read'), category: 'read' }),
      async (request) => {
        const rc = recordContext(ctx, request);
        return renderDefinitions(await loadDefinitions(rc.db, rc.organizationId, objectType), rc.settings);
      },
    );
    app.get<{ Params: IdParams }>(
      `/v1/${plural}/:id`,
      apiRoute({ operation: `${objectType}.retrieve`, scope: scope('read'), category: 'read' }),
      async (request) => retrieveRecord(recordContext(ctx, request), type, request.params.id),
    );
    app.post<{ Params: IdParams }>(
      `/v1/${plural}/:id`,
      { ...apiRoute({ operation: `${objectType}.update`, scope: scope('update'), category: 'write', idempotent: true }), schema: { body: recordWriteBody } },
      async (request, reply) => writeNamingRuns(ctx, request, reply, (rc) => updateRecord(rc, type, request.params.id, request.body)),
    );
    app.get(`/v1/${plural}`, apiRoute({ operation: `${objectType}.list`, scope: scope('read'), category: 'search' }), async (request) =>
      listRecordPage(recordContext(ctx, request), type, parsePage(request.query, { filters: true }), request.query as Record<string, unknown>),
    );
  };
}
