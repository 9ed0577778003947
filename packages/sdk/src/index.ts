// @fieldhouse/sdk: the TypeScript client of the Lightfield API 2026-03-01, for fieldhouse or Lightfield.
import { Lightfield } from './client.js';

export default Lightfield;
export { Lightfield, Lightfield as Fieldhouse };
export { DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type ClientOptions } from './client.js';
export { APIPromise } from './core/api-promise.js';
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  LightfieldError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type ErrorObject,
} from './core/errors.js';
export { EnrichmentRunWaitTimeoutError } from './resources/enrichment-run.js';
export { CursorPage, CursorPagePromise } from './core/cursor-pagination.js';
export { Page, PagePromise } from './core/pagination.js';
export { API_VERSION, type APIResponse, type Fetch, type QueryParams, type RequestOptions } from './core/transport.js';
export type * from './types.js';
export type { UploadSource } from './core/upload-bytes.js';
