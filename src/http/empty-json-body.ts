import type { FastifyInstance } from 'fastify';
import { jsonBodyParser } from './json-body.js';

/**
 * DELETE, restore and enrichment requests take no body, or `{}` (the official SDK's). Fastify refuses an empty body
 * sent as JSON; here it is simply no body.
 */
export function acceptEmptyJson(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    return jsonBodyParser(request, body as string, done);
  });
}
