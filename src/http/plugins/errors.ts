import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, type ErrorCode } from '../../domain/errors.js';
import { BlobStoreError } from '../../storage/blobs/blob-store.js';
import { isStorageFault, isTransientDatabaseError } from '../../storage/engine.js';
import { renderError } from '../errors.js';
import { renderTransportError } from '../transport-errors.js';
import { RequestTimeoutError } from './request-timeout.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** `/fields/$name` → `fields.$name`: the dotted location the public API names in `param`. */
function dotted(instancePath: string, leaf?: string): string | undefined {
  const parts = instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (leaf !== undefined) parts.push(leaf);
  return parts.length > 0 ? parts.join('.') : undefined;
}

/** A route schema's first failure, as the public API reports it. */
function translateValidation(error: FastifyError): DomainError | undefined {
  const [issue] = error.validation ?? [];
  if (!issue) return undefined;
  const params = issue.params as Record<string, unknown>;
  const where = error.validationContext === 'body' ? undefined : error.validationContext;
  if (issue.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty);
    return new DomainError('unknown_field', `Unrecognized field '${key}'.`, dotted(issue.instancePath, key));
  }
  if (issue.keyword === 'required') {
    const key = String(params.missingProperty);
    return new DomainError('parameter_missing', `Missing required parameter '${key}'.`, dotted(issue.instancePath, key));
  }
  const param = dotted(issue.instancePath) ?? where ?? 'body';
  return new DomainError('invalid_type', `Invalid value for '${param}': ${issue.message ?? 'wrong type'}.`, param);
}

/** Fastify's own failures, in the words of the public API. */
function translateFastifyError(error: FastifyError): DomainError | undefined {
  if (error.validation) return translateValidation(error);
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('unsupported_media_type', "Request bodies must be sent with 'Content-Type: application/json'.");
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('invalid_type', 'Request body is larger than the 1 MiB limit.', 'body');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('invalid_type', "Request body is empty but 'Content-Type' is application/json.", 'body');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('invalid_type', 'Request body is not valid JSON.', 'body');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('invalid_type', 'Request body length does not match its Content-Length header.', 'body');
  }
  // Locked by another process past busy_timeout, restarting, out of connections: try again, not a bug.
  if (isTransientDatabaseError(error)) return new DomainError('service_unavailable', 'The database is busy or unreachable; retry shortly.');
  if (error instanceof SyntaxError) return new DomainError('invalid_type', `Request body is not valid JSON: ${error.message}`, 'body');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    const code: ErrorCode = error.statusCode === 404 ? 'not_found' : error.statusCode === 415 ? 'unsupported_media_type' : 'invalid_type';
    return new DomainError(code, error.message);
  }
  return undefined;
}

export function sendError(reply: FastifyReply, error: DomainError): FastifyReply {
  const { status, body } = renderError(error.code, error.message, error.param);
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Errors Fastify raises before routing (a URL that does not decode), answered like any other. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('Request-Id', request.id);
  // No hook runs for these, so this answer closes a connection whose body is still coming itself.
  if (!request.raw.complete) reply.header('connection', 'close');
  const message = error.code === 'FST_ERR_BAD_URL' ? `The URL '${request.url}' is not valid.` : error.message;
  sendError(reply, new DomainError('invalid_type', message));
}

/** One error envelope for everything: domain errors, Fastify's errors, unknown routes, and bugs. */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (error instanceof RequestTimeoutError) {
        const { status, body } = renderTransportError({ kind: 'timeout', timeoutMs: error.timeoutMs });
        return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
      }
      if (error instanceof BlobStoreError) {
        // An outage of the disk or the bucket: the operator must hear of it, the client may retry.
        request.log.error({ err: error }, 'file storage failed');
        return sendError(reply, new DomainError('service_unavailable', 'File storage is unavailable; retry shortly.'));
      }
      if (isStorageFault(error)) {
        // The database's disk is full or failing: the operator must hear of it, the client may retry.
        request.log.error({ err: error }, 'database storage failed');
        return sendError(reply, new DomainError('service_unavailable', 'The database cannot store data: its disk is full or failing; retry shortly.'));
      }
      const known = error instanceof DomainError ? error : translateFastifyError(error);
      if (known) return sendError(reply, known);
      // A bug: the stack goes to the log with the request id, never to the client.
      request.log.error({ err: error }, 'unhandled error');
      return sendError(reply, new DomainError('internal', `Internal server error. Quote request id ${request.id} when reporting it.`));
    });
    app.setNotFoundHandler((request, reply) =>
      sendError(reply, new DomainError('not_found', `No route matches ${request.method} ${request.url.split('?')[0]}.`)),
    );
  },
  { name: 'fieldhouse-errors' },
);
