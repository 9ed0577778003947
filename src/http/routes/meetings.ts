import type { FastifyPluginAsync } from 'fastify';
import { loadDefinitions } from '../../domain/definitions/load.js';
import { renderDefinitions } from '../../domain/definitions/render-definitions.js';
import { createMeeting, meetingType, updateMeeting } from '../../domain/meetings/write-meeting.js';
import { listRecordPage, retrieveRecord } from '../../domain/records/read-records.js';
import type { AppContext } from '../context.js';
import { parsePage } from '../pagination.js';
import { recordContext, writeNamingRuns } from '../record-context.js';
import { apiRoute } from '../route-config.js';
import { recordWriteBody } from './records.js';

const meetingCreateBody = { ...recordWriteBody, properties: { ...recordWriteBody.properties, autoCreateRecords: {} } } as const;

/** The `meeting.*` operations: meetings read like records, but are written by rules of their own. */
export const meetingRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const type = meetingType(ctx);
  const read = (operation: string, category: 'read' | 'search') => apiRoute({ operation: `meeting.${operation}`, scope: 'meetings:read', category });
  const write = (operation: string, scope: 'meetings:create' | 'meetings:update', body: object) => ({
    ...apiRoute({ operation: `meeting.${operation}`, scope, category: 'write', idempotent: true }),
    schema: { body },
  });

  app.post('/v1/meetings', write('create', 'meetings:create', meetingCreateBody), async (request, reply) =>
    writeNamingRuns(ctx, request, reply, (rc) => createMeeting(rc, request.body)),
  );
  app.get('/v1/meetings', read('list', 'search'), async (request) =>
    listRecordPage(recordContext(ctx, request), type, parsePage(request.query, { filters: true }), request.query as Record<string, unknown>),
  );
  app.get('/v1/meetings/definitions', read('definitions', 'read'), async (request) => {
    const rc = recordContext(ctx, request);
    return renderDefinitions(await loadDefinitions(rc.db, rc.organizationId, type.objectType), rc.settings);
  });
  app.get<{ Params: { id: string } }>('/v1/meetings/:id', read('retrieve', 'read'), async (request) => retrieveRecord(recordContext(ctx, request), type, request.params.id));
  app.post<{ Params: { id: string } }>('/v1/meetings/:id', write('update', 'meetings:update', recordWriteBody), async (request, reply) =>
    writeNamingRuns(ctx, request, reply, (rc) => updateMeeting(rc, request.params.id, request.body)),
  );
};
