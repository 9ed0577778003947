import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';

/** Per organization and category; every limited response carries the three headers. */
export const rateLimitPlugin = fp<{ ctx: AppContext }>(
  async (app, { ctx }) => {
    const limiter = ctx.rateLimiter;
    if (!limiter) return;
    app.addHook('onRequest', async (request, reply) => {
      const api = request.routeOptions.config.api;
      if (!api || !request.principal) return;
      const decision = await limiter.take(`${request.principal.organizationId}:${api.category}`, ctx.clock.now());
      reply.header('X-RateLimit-Limit', decision.limit);
      reply.header('X-RateLimit-Remaining', decision.remaining);
      reply.header('X-RateLimit-Reset', decision.resetAt);
      if (!decision.allowed) {
        reply.header('Retry-After', decision.retryAfter);
        throw new DomainError('rate_limited', `Rate limit exceeded for ${api.category} requests. Retry after ${decision.retryAfter} s.`);
      }
    });
  },
  { name: 'fieldhouse-rate-limit', dependencies: ['fieldhouse-auth'] },
);
