import fp from 'fastify-plugin';
import { newId } from '../../domain/ids.js';

export const generateRequestId = (): string => newId('req');

/** Every response names its request, so a user can quote it and we can find it in the log. */
export const requestIdPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('Request-Id', request.id);
    });
  },
  { name: 'fieldhouse-request-id' },
);
