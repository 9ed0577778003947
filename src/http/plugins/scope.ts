import fp from 'fastify-plugin';
import { grants } from '../../domain/access/scopes.js';
import { DomainError } from '../../domain/errors.js';

export const scopePlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      const required = request.routeOptions.config.api?.scope;
      if (!required || !request.principal) return;
      if (!grants(request.principal.scopes, required)) {
        throw new DomainError('forbidden', `Token does not have the '${required}' scope.`);
      }
    });
  },
  { name: 'fieldhouse-scope', dependencies: ['fieldhouse-auth'] },
);
