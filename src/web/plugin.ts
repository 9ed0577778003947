import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { DomainError } from '../domain/errors.js';
import type { AppContext } from '../http/context.js';
import { HTTP_ERRORS } from '../http/errors.js';
import { csrfRefusal, registerCsrf } from './csrf.js';
import { sendMessagePage } from './html.js';
import { listRoutes } from './list-page.js';
import { loginRoutes } from './login-page.js';
import { pipelineRoutes } from './pipeline-page.js';
import { recordRoutes } from './record-page.js';
import { trashRoutes } from './trash-page.js';

const TITLES: Record<number, string> = { 400: 'Bad request', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 413: 'Too large', 415: 'Unsupported form', 503: 'Unavailable' };

/**
 * The web pages: sign-in, the pipeline board, lists, the trash, and a page for every record's `httpLink`. Encapsulated on purpose (no
 * fastify-plugin): cookies, form bodies, form tokens and HTML errors exist only here, so `/v1` keeps refusing
 * anything but JSON with 415 and keeps its JSON error envelope.
 */
export const webPlugin: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
  await registerCsrf(app);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error instanceof DomainError
        ? HTTP_ERRORS[error.code].status
        : error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
          ? error.statusCode
          : 500;
    if (status === 500) {
      // A bug: the stack goes to the log with the request id, never to the page.
      request.log.error({ err: error }, 'unhandled error');
      return sendMessagePage(reply, 500, 'Something went wrong', `Internal server error. Quote request id ${request.id} when reporting it.`);
    }
    const message = status === 404 ? 'There is no such record here.' : (csrfRefusal(error) ?? error.message);
    return sendMessagePage(reply, status, TITLES[status] ?? 'Request refused', message);
  });

  await loginRoutes(app, ctx);
  await pipelineRoutes(app, ctx);
  await listRoutes(app, ctx);
  await trashRoutes(app, ctx);
  await recordRoutes(app, ctx);
};
