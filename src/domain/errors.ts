/**
 * Every way a request can fail, named by what went wrong. The HTTP layer maps each to a status
 * and an error type (src/http/errors.ts); the domain never picks a status.
 */
export const ERROR_CODES = [
  // 400
  'unknown_field',
  'unknown_relationship',
  'invalid_type',
  'parameter_missing',
  'relationship_entity_missing',
  'relationship_entity_inactive',
  'referenced_resource_missing',
  'invalid_configuration',
  'idempotency_key_too_long',
  'version_header',
  'invalid_filter',
  // 401, 403, 404
  'unauthorized',
  'forbidden',
  'not_found',
  // 409
  'idempotency_conflict',
  'unique_violation',
  'conflict',
  // 413: an upload larger than its session declared (fieldhouse's upload URLs only)
  'payload_too_large',
  // 415
  'unsupported_media_type',
  // 416: a download's Range past its end
  'range_not_satisfiable',
  // 422
  'read_only',
  'invalid_option',
  'relationship_write_limit_exceeded',
  'invalid_value',
  // 429, 500, 503
  'rate_limited',
  'internal',
  'service_unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
