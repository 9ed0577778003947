import type { FastifyPluginAsync } from 'fastify';
import { listMemberPage, retrieveMember } from '../../domain/members-view.js';
import type { AppContext } from '../context.js';
import { parsePage } from '../pagination.js';
import { recordContext } from '../record-context.js';
import { apiRoute } from '../route-config.js';

export const memberRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/v1/members', apiRoute({ operation: 'member.list', scope: 'members:read', category: 'search' }), async (request) =>
    listMemberPage(recordContext(ctx, request), parsePage(request.query)),
  );
  app.get<{ Params: { id: string } }>(
    '/v1/members/:id',
    apiRoute({ operation: 'member.retrieve', scope: 'members:read', category: 'read' }),
    async (request) => retrieveMember(recordContext(ctx, request), request.params.id),
  );
};
