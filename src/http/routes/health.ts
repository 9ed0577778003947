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
    // After a write the disk refused (full, failing), not ready until one succeeds again.
    try {
      await ctx.storage.health.check();
    } catch (err) {
      request.log.warn({ err, fault: ctx.storage.health.fault }, 'storage does not take writes');
      throw new DomainError('service_unavailable', 'Storage does not take writes: its disk is full or failing.');
    }
    return { status: 'ready' };
  });
};
