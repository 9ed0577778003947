import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.js';

/**
 * No response leaves before every write the process committed up to then is on disk: the write a
 * response acknowledges, the idempotent answer stored for it, and anything a read may have seen.
 * Registered after every plugin that writes in onSend, since hooks of one kind run in order.
 *
 * A write the disk refused, in a request or in the sync, marks the storage faulted: `/readyz`
 * answers 503 until its own probe finds the disk takes writes again.
 */
export const durabilityPlugin = fp<{ ctx: AppContext }>(
  async (app, { ctx }) => {
    // The error answer that reports a failed sync holds nothing to sync; waiting again would fail again.
    const failed = new WeakSet<FastifyRequest>();
    // Every route's first error, before whichever error handler answers it (the API's, the web pages').
    app.addHook('onError', async (_request, _reply, error) => {
      ctx.storage.health.markFaulted(error);
    });
    app.addHook('onSend', async (request, _reply, payload) => {
      if (failed.has(request)) return payload;
      try {
        await ctx.storage.durable();
      } catch (err) {
        failed.add(request);
        // Marked here too: Fastify runs no onError hook for a failure while an error is answered.
        ctx.storage.health.markFaulted(err);
        throw err;
      }
      return payload;
    });
  },
  { name: 'fieldhouse-durability', dependencies: ['fieldhouse-idempotency'] },
);
