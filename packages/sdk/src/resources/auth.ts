import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { AuthValidateResponse } from '../types.js';

/** `client.auth`. */
export class Auth extends APIResource {
  /** `GET /v1/auth/validate`: whether the key works, and its scopes (empty: full access). */
  validate(options?: RequestOptions): APIPromise<AuthValidateResponse> {
    return this._client.get('/v1/auth/validate', options);
  }
}
