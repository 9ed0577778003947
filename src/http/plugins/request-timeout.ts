import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { PassThrough } from 'node:stream';

/** A body that did not arrive in full in time; answered 408 (plugins/errors.ts). */
export class RequestTimeoutError extends Error {
  /** Fastify's body reader keeps a status of 400 or more; anything else it turns into a 400. */
  readonly statusCode = 408;
  constructor(readonly timeoutMs: number) {
    super(`The request body did not arrive within ${timeoutMs} ms.`);
    this.name = 'RequestTimeoutError';
  }
}

export interface RequestTimeoutOptions {
  timeoutMs: number;
  /** Routes whose bodies are streams of any length (signed uploads), bounded by an idle timeout of their own. */
  exempt(request: FastifyRequest): boolean;
}

const hasBody = (request: FastifyRequest): boolean =>
  request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] ?? '0') !== '0';

/**
 * A client that sends headers and then trickles its body, or stops, would hold its connection and
 * the request for ever: Node's own request timeout would also cut long uploads, so the deadline is
 * kept here instead. Node bounds the headers (headersTimeout, src/http/connection-limits.ts); the
 * body then has as long again. Past the deadline the body reader fails with a 408 in the envelope.
 */
export const requestTimeoutPlugin = fp<RequestTimeoutOptions>(
  async (app, { timeoutMs, exempt }) => {
    app.addHook('preParsing', (request, reply, payload, done) => {
      if (request.raw.complete || !hasBody(request) || exempt(request)) return done(null, payload);
      const body = new PassThrough();
      // Once Fastify's reader has stopped listening (an early answer), a late timeout must not crash the process.
      body.on('error', () => {});
      // pipe, not pipeline: the socket must outlive the body stream to carry the 408.
      payload.pipe(body);
      payload.once('error', (err) => body.destroy(err));
      const timer = setTimeout(() => {
        if (!request.raw.complete && !reply.sent) body.destroy(new RequestTimeoutError(timeoutMs));
      }, timeoutMs);
      const clear = () => clearTimeout(timer);
      payload.once('end', clear);
      reply.raw.once('close', clear);
      done(null, body);
    });
    // An answer given before the body is all in (a 401, a 408): Node would go on reading the rest to reuse the
    // connection, for as long as the client takes to send it (and hold close() open meanwhile). Close it instead.
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.raw.complete) reply.header('connection', 'close');
      return payload;
    });
  },
  { name: 'fieldhouse-request-timeout' },
);
