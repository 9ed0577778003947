import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.js';

/**
 * Once closing starts, requests still arriving on open connections get a 503 in the usual
 * envelope, and requests in flight finish on a connection that then closes.
 */
export const shutdownPlugin = fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onRequest', async () => {
      if (closing) throw new DomainError('service_unavailable', 'The server is shutting down; retry shortly.');
    });
    // Responses finished while closing end their connection; an idle keep-alive socket would hold close() open.
    app.addHook('onSend', async (_request, reply, payload) => {
      if (closing) reply.header('Connection', 'close');
      return payload;
    });
  },
  { name: 'fieldhouse-shutdown' },
);
