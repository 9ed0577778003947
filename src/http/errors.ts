import type { ErrorCode } from '../domain/errors.js';

export type ErrorType =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'range_not_satisfiable'
  | 'unprocessable_content'
  | 'too_many_requests'
  | 'internal_server_error'
  | 'service_unavailable';

interface HttpErrorShape {
  status: number;
  type: ErrorType;
  /** Whether the body names the code: clients branch on these, the rest are plain by status. */
  exposeCode: boolean;
}

const badRequest: HttpErrorShape = { status: 400, type: 'bad_request', exposeCode: true };
const unprocessable: HttpErrorShape = { status: 422, type: 'unprocessable_content', exposeCode: true };

/** The one map from a domain error code to what the wire shows. Adding a code without a row does not compile. */
export const HTTP_ERRORS = {
  unknown_field: badRequest,
  unknown_relationship: badRequest,
  invalid_type: badRequest,
  parameter_missing: badRequest,
  relationship_entity_missing: badRequest,
  relationship_entity_inactive: badRequest,
  referenced_resource_missing: badRequest,
  invalid_configuration: badRequest,
  idempotency_key_too_long: badRequest,
  version_header: badRequest,
  invalid_filter: badRequest,
  unauthorized: { status: 401, type: 'unauthorized', exposeCode: false },
  forbidden: { status: 403, type: 'forbidden', exposeCode: false },
  not_found: { status: 404, type: 'not_found', exposeCode: false },
  idempotency_conflict: { status: 409, type: 'conflict', exposeCode: true },
  unique_violation: { status: 409, type: 'conflict', exposeCode: true },
  conflict: { status: 409, type: 'conflict', exposeCode: false },
  payload_too_large: { status: 413, type: 'payload_too_large', exposeCode: true },
  unsupported_media_type: { status: 415, type: 'unsupported_media_type', exposeCode: false },
  range_not_satisfiable: { status: 416, type: 'range_not_satisfiable', exposeCode: false },
  read_only: unprocessable,
  invalid_option: unprocessable,
  relationship_write_limit_exceeded: unprocessable,
  invalid_value: unprocessable,
  rate_limited: { status: 429, type: 'too_many_requests', exposeCode: false },
  internal: { status: 500, type: 'internal_server_error', exposeCode: false },
  service_unavailable: { status: 503, type: 'service_unavailable', exposeCode: false },
} as const satisfies Record<ErrorCode, HttpErrorShape>;

export interface ErrorBody {
  error: { type: ErrorType; message: string; code?: string; param?: string };
}

export function renderError(code: ErrorCode, message: string, param?: string): { status: number; body: ErrorBody } {
  const shape: HttpErrorShape = HTTP_ERRORS[code];
  const error: ErrorBody['error'] = { type: shape.type, message };
  if (shape.exposeCode) error.code = code;
  if (param !== undefined) error.param = param;
  return { status: shape.status, body: { error } };
}
