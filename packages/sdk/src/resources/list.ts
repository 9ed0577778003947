import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { Entity, ListCreateParams, ListObject, ListParams, ListUpdateParams, PageParams } from '../types.js';

/** `client.list`: lists of accounts, contacts or opportunities (`lists:*`), and their members. */
export class List extends APIResource {
  /** `POST /v1/lists`; a generated `Idempotency-Key` unless `options.idempotencyKey` gives one. */
  create(body: ListCreateParams, options?: RequestOptions): APIPromise<ListObject> {
    return this._client.post('/v1/lists', body, options);
  }

  /** `GET /v1/lists`, newest first; takes `limit` and `offset` only. */
  list(params: PageParams = {}, options?: RequestOptions): PagePromise<ListObject> {
    return this._client.getPage('/v1/lists', params, options);
  }

  /** `GET /v1/lists/{id}`. */
  retrieve(id: string, options?: RequestOptions): APIPromise<ListObject> {
    return this._client.get(path`/v1/lists/${id}`, options);
  }

  /** `POST /v1/lists/{id}`: renames, and adds or removes members under the list type's key. */
  update(id: string, body: ListUpdateParams, options?: RequestOptions): APIPromise<ListObject> {
    return this._client.post(path`/v1/lists/${id}`, body, options);
  }

  /** `DELETE /v1/lists/{id}`: moves the list to the trash (its members stay) and answers it as retrieve would. */
  delete(id: string, options?: RequestOptions): APIPromise<ListObject> {
    return this._client.delete(path`/v1/lists/${id}`, {}, options);
  }

  /** `POST /v1/lists/{id}/restore`: the list back from the trash, with its members. */
  restore(id: string, options?: RequestOptions): APIPromise<ListObject> {
    return this._client.post(path`/v1/lists/${id}/restore`, {}, options);
  }

  /** `GET /v1/lists/{listId}/accounts`: the list's accounts, newest membership first unless `sort` says otherwise. */
  listAccounts(listId: string, params: ListParams = {}, options?: RequestOptions): PagePromise<Entity> {
    return this._client.getPage(path`/v1/lists/${listId}/accounts`, params, options);
  }

  /** `GET /v1/lists/{listId}/contacts`. */
  listContacts(listId: string, params: ListParams = {}, options?: RequestOptions): PagePromise<Entity> {
    return this._client.getPage(path`/v1/lists/${listId}/contacts`, params, options);
  }

  /** `GET /v1/lists/{listId}/opportunities`. */
  listOpportunities(listId: string, params: ListParams = {}, options?: RequestOptions): PagePromise<Entity> {
    return this._client.getPage(path`/v1/lists/${listId}/opportunities`, params, options);
  }
}
