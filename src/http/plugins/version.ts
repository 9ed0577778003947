import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.js';

export const API_VERSION = '2026-03-01';

export const versionPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      if (!request.routeOptions.config.api) return;
      const sent = request.headers['lightfield-version'];
      if (sent !== API_VERSION) {
        const what = sent === undefined ? 'Missing' : `Unsupported value '${String(sent)}' for the`;
        throw new DomainError('version_header', `${what} Lightfield-Version header; send 'Lightfield-Version: ${API_VERSION}'.`, 'Lightfield-Version');
      }
    });
  },
  { name: 'fieldhouse-version', dependencies: ['fieldhouse-auth'] },
);
