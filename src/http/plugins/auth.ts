import fp from 'fastify-plugin';
import { authenticate } from '../../domain/access/api-keys.js';
import { DomainError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** 401 unless the request carries an active API key; sets `request.principal`. */
export const authPlugin = fp<{ ctx: AppContext }>(
  async (app, { ctx }) => {
    app.addHook('onRequest', async (request) => {
      if (!request.routeOptions.config.api) return;
      const match = BEARER.exec(request.headers.authorization ?? '');
      const principal = match?.[1] ? await authenticate(ctx.storage.db, match[1]) : undefined;
      if (!principal) throw new DomainError('unauthorized', 'Invalid API key.');
      request.principal = principal;
    });
  },
  { name: 'fieldhouse-auth', dependencies: ['fieldhouse-errors'] },
);
