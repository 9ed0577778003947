import fp from 'fastify-plugin';
import { grants } from '../../domain/access/scopes.js';
import { DomainError } from '../../domain/errors.js';

export const scopePlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      const required = request.routeOptions.config.api?.scope;
      if (!required || !request.principal) return;
      const granted = request.principal.scopes;
      const missing = (typeof required === 'string' ? [required] : required).find((scope) => !grants(granted, scope));
      if (missing) throw new DomainError('forbidden', `Token does not have the '${missing}' scope.`);
    });
  },
  { name: 'fieldhouse-scope', dependencies: ['fieldhouse-auth'] },
);
