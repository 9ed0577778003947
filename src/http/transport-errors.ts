import { renderError, type ErrorBody } from './errors.js';

/**
 * Failures of the HTTP exchange itself rather than of the API: the client was too slow, or its
 * headers too large, or its bytes not HTTP. The domain never sees such a request, so they have no
 * domain error code; their bodies are the one envelope all the same.
 */
export type TransportFailure =
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'headers_too_large'; limitBytes: number }
  /** The bytes are not HTTP/1.1 Node can parse: `reason` is llhttp's fixed wording, never the client's bytes. */
  | { kind: 'malformed'; reason: string | undefined };

export function renderTransportError(failure: TransportFailure): { status: number; body: ErrorBody } {
  // The public error types have none for 408 or 431: both are the client's request gone wrong, so
  // `bad_request`, with a code of their own that a client can branch on (the status says as much).
  switch (failure.kind) {
    case 'timeout':
      return {
        status: 408,
        body: { error: { type: 'bad_request', message: `The request did not arrive in full within ${failure.timeoutMs} ms.`, code: 'request_timeout' } },
      };
    case 'headers_too_large':
      return {
        status: 431,
        body: {
          error: { type: 'bad_request', message: `The request's headers (with its URL) are larger than the ${failure.limitBytes}-byte limit.`, code: 'headers_too_large' },
        },
      };
    case 'malformed': {
      const detail = failure.reason ? `: ${failure.reason.replace(/\.$/, '')}` : '';
      return renderError('invalid_type', `The request is not valid HTTP/1.1${detail}.`);
    }
  }
}
