import type { APIPromise } from '../core/api-promise.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { MergeObject, MergeUndoResponse } from '../types.js';

/** `client.merge`: merges made by `account.merge`, `contact.merge`, `opportunity.merge` and `object.merge`, with the scopes of their type. */
export class MergeResource extends APIResource {
  /** `GET /v1/merges/{id}`: `done`, or `undone` once undone. */
  retrieve(id: string, options?: RequestOptions): APIPromise<MergeObject> {
    return this._client.get(path`/v1/merges/${id}`, options);
  }

  /** `POST /v1/merges/{id}/undo`: both records back as they were, while neither changed since (else 409). */
  undo(id: string, options?: RequestOptions): APIPromise<MergeUndoResponse> {
    return this._client.post(path`/v1/merges/${id}/undo`, {}, options);
  }
}
