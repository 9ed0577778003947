/** The error object inside every error response: `{"error": {type, message, code?, param?}}`. */
export interface ErrorObject {
  type: string;
  message: string;
  code?: string;
  param?: string;
}

/** Base of every error the client throws. */
export class LightfieldError extends Error {
  override name = 'LightfieldError';
}

/** The server answered with a status ≥ 400 (or the request never got an answer: see the subclasses). */
export class APIError extends LightfieldError {
  override name = 'APIError';
  /** HTTP status; undefined when there was no response. */
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  /** The `error` object of the response body, when the body had one. */
  readonly error: ErrorObject | undefined;
  /** `bad_request`, `not_found`, … */
  readonly type: string | undefined;
  /** `invalid_type`, `parameter_missing`, `idempotency_conflict`, … */
  readonly code: string | undefined;
  /** Where the fault is: `fields.$name`, `relationships.$account`, `limit`, `Idempotency-Key`. */
  readonly param: string | undefined;
  /** The `Request-Id` response header: quote it when reporting a problem. */
  readonly requestID: string | null;

  constructor(status: number | undefined, error: ErrorObject | undefined, message: string | undefined, headers: Headers | undefined) {
    super(APIError.makeMessage(status, error, message));
    this.status = status;
    this.headers = headers;
    this.error = error;
    this.type = error?.type;
    this.code = error?.code;
    this.param = error?.param;
    this.requestID = headers?.get('request-id') ?? null;
  }

  private static makeMessage(status: number | undefined, error: ErrorObject | undefined, message: string | undefined): string {
    const text = error?.message ?? message;
    if (status && text) return `${status} ${text}`;
    if (status) return `${status} status code (no body)`;
    return text ?? '(no status code or body)';
  }

  /** The one place a status becomes a class. `body` is the parsed response body, if any. */
  static generate(status: number | undefined, body: unknown, message: string | undefined, headers: Headers | undefined): APIError {
    if (!status || !headers) return new APIConnectionError({ message });
    const error = errorObjectOf(body);
    switch (status) {
      case 400:
        return new BadRequestError(status, error, message, headers);
      case 401:
        return new AuthenticationError(status, error, message, headers);
      case 403:
        return new PermissionDeniedError(status, error, message, headers);
      case 404:
        return new NotFoundError(status, error, message, headers);
      case 409:
        return new ConflictError(status, error, message, headers);
      case 422:
        return new UnprocessableEntityError(status, error, message, headers);
      case 429:
        return new RateLimitError(status, error, message, headers);
    }
    if (status >= 500) return new InternalServerError(status, error, message, headers);
    return new APIError(status, error, message, headers);
  }
}

function errorObjectOf(body: unknown): ErrorObject | undefined {
  const inner = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  if (!inner || typeof inner !== 'object') return undefined;
  const { type, message, code, param } = inner as Record<string, unknown>;
  if (typeof type !== 'string' || typeof message !== 'string') return undefined;
  return { type, message, ...(typeof code === 'string' ? { code } : {}), ...(typeof param === 'string' ? { param } : {}) };
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
}
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/** No response: the connection failed (refused, reset, DNS). Retried like a 5xx. */
export class APIConnectionError extends APIError {
  override name = 'APIConnectionError';
  constructor({ message, cause }: { message?: string | undefined; cause?: unknown } = {}) {
    super(undefined, undefined, message ?? 'Connection error.', undefined);
    if (cause !== undefined) this.cause = cause;
  }
}

/** No response within `timeout` milliseconds. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError';
  constructor({ message }: { message?: string } = {}) {
    super({ message: message ?? 'Request timed out.' });
  }
}

/** The caller's own `signal` aborted the request; never retried. */
export class APIUserAbortError extends APIError {
  override name = 'APIUserAbortError';
  constructor({ message }: { message?: string } = {}) {
    super(undefined, undefined, message ?? 'Request was aborted.', undefined);
  }
}
