import type { FastifyPluginAsync } from 'fastify';
import { apiRoute } from '../route-config.js';

export const authRoutes: FastifyPluginAsync = async (app) => {
  app.get('/v1/auth/validate', apiRoute({ operation: 'auth.validate', scope: null, category: 'read' }), async (request) => ({
    active: true,
    tokenType: 'api_key',
    // Every fieldhouse key belongs to a member, so it always acts as that user.
    subjectType: 'user',
    scopes: [...(request.principal?.scopes ?? [])],
  }));
};
