import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { generateRequestId } from './plugins/request-id.js';
import { renderTransportError, type TransportFailure } from './transport-errors.js';

/** Node's errors for a connection whose bytes never became a request (`clientError`). */
interface ConnectionError extends Error {
  code?: string;
  /** llhttp's description of a parse error, e.g. "Invalid character in Content-Length". */
  reason?: string;
}

function failureOf(error: ConnectionError, headersTimeoutMs: number): TransportFailure {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { kind: 'timeout', timeoutMs: headersTimeoutMs };
  if (error.code === 'HPE_HEADER_OVERFLOW') return { kind: 'headers_too_large', limitBytes: http.maxHeaderSize };
  return { kind: 'malformed', reason: error.reason };
}

/**
 * Answers what Node's HTTP parser refuses (a `Content-Length: -1`, headers too large or too slow) in
 * the one error envelope, instead of Fastify's own body. No request exists, so no hook runs: the
 * answer is written to the socket as is, under a fresh Request-Id that the log line also carries.
 */
export function clientErrorHandler(headersTimeoutMs: number) {
  return function (this: FastifyInstance, error: ConnectionError, socket: Socket): void {
    // A reset, an end after an answer was written, or an answer already under way on this socket
    // (a second response would corrupt it): there is no one to answer.
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    const requestId = generateRequestId();
    // Scanners and broken clients send these all day: not worth more than a debug line.
    this.log.debug({ reqId: requestId, code: error.code, reason: error.reason }, 'refused a connection the HTTP parser could not read');
    const { status, body } = renderTransportError(failureOf(error, headersTimeoutMs));
    const payload = JSON.stringify(body);
    const head = [
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(payload)}`,
      `Request-Id: ${requestId}`,
      // The parser cannot go on after this, so neither can the connection.
      'Connection: close',
    ].join('\r\n');
    // Closed once written, not before: destroying at once could drop the answer still in the buffer.
    socket.end(`${head}\r\n\r\n${payload}`, () => socket.destroy());
  };
}
