import type { FastifyPluginAsync } from 'fastify';
import { createCustomObject, listObjectTypes } from '../../domain/custom-objects.js';
import type { AppContext } from '../context.js';
import { recordContext } from '../record-context.js';
import { apiRoute } from '../route-config.js';

const newObjectBody = {
  type: 'object',
  required: ['slug', 'label'],
  properties: { slug: {}, label: {} },
  additionalProperties: false,
} as const;

/**
 * The custom object types themselves: `object.listDefinitions` of the public API and fieldhouse's
 * admin endpoint that creates one. Their records are served by the record routes (records.ts).
 */
export const customObjectRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
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
};
