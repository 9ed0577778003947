import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';

/** Probes for process managers and load balancers; no key, no version header. */
export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request) => {
    try {
      await ctx.storage.ping();
    } catch (err) {
      request.log.warn({ err }, 'storage is not reachable');
      throw new DomainError('service_unavailable', 'Storage is not reachable.');
    }
    return { status: 'ready' };
  });
};
