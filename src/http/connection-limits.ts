import type { FastifyServerOptions } from 'fastify';
import type { Server, ServerOptions } from 'node:http';

export interface ConnectionLimits {
  /** FIELDHOUSE_REQUEST_TIMEOUT_MS: the headers, and then the body, must each arrive within it. */
  requestTimeoutMs: number;
  /** FIELDHOUSE_MAX_CONNECTIONS: past it, file descriptors and memory would run out before requests were refused. */
  maxConnections: number;
}

/**
 * Longer than the idle timeout of common load balancers (60 s on AWS), so a proxy never sends a
 * request down a connection fieldhouse is closing at that instant; Fastify's own default.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** The socket timeouts of the HTTP server, as Fastify options. */
export function connectionOptions(
  limits: ConnectionLimits,
): Pick<FastifyServerOptions, 'requestTimeout' | 'connectionTimeout' | 'keepAliveTimeout'> & { http: ServerOptions } {
  return {
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Node's whole-request timeout would also cut an upload of many MiB over a slow link; the body's
    // deadline is kept by plugins/request-timeout.ts, which leaves uploads to their idle timeout.
    requestTimeout: 0,
    // No idle-socket timeout: it would also cut a connection whose handler is still working (a long
    // export, a busy database). The client's side is bounded by the timeouts here and in the plugin.
    connectionTimeout: 0,
    http: {
      // Node checks headersTimeout <= requestTimeout against its own 300 s default unless this is set.
      requestTimeout: 0,
      // Also bounds a connection that never sends a byte.
      headersTimeout: limits.requestTimeoutMs,
      // Node looks for expired headers this often (30 s by default, which would double a short timeout).
      connectionsCheckingInterval: Math.min(1_000, limits.requestTimeoutMs),
    },
  };
}

/** Past the cap Node closes new connections at once; those already open keep being served. */
export function capConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
}
