import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.js';

/** Once closing starts, requests still arriving on open connections get a 503 in the usual envelope. */
export const shutdownPlugin = fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onRequest', async () => {
      if (closing) throw new DomainError('service_unavailable', 'The server is shutting down; retry shortly.');
    });
  },
  { name: 'fieldhouse-shutdown' },
);
