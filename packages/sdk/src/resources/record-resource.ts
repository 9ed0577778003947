import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { DefinitionsResponse, Entity, ListParams } from '../types.js';

/** create, retrieve, update, list, definitions, delete and restore of one built-in record type, under its plural path. */
export abstract class RecordResource<CreateParams, UpdateParams> extends APIResource {
  /** `opportunities`, `accounts`, … */
  protected abstract readonly plural: string;

  /** `POST /v1/{plural}`; a generated `Idempotency-Key` unless `options.idempotencyKey` gives one. */
  create(body: CreateParams, options?: RequestOptions): APIPromise<Entity> {
    return this._client.post(path`/v1/${this.plural}`, body, options);
  }

  /** `GET /v1/{plural}/{id}`. */
  retrieve(id: string, options?: RequestOptions): APIPromise<Entity> {
    return this._client.get(path`/v1/${this.plural}/${id}`, options);
  }

  /** `POST /v1/{plural}/{id}`: only the keys given change; relationships take `{add, remove, replace}`. */
  update(id: string, body: UpdateParams, options?: RequestOptions): APIPromise<Entity> {
    return this._client.post(path`/v1/${this.plural}/${id}`, body, options);
  }

  /** `GET /v1/{plural}`: await it for one page, or `for await` over it for every record. */
  list(params: ListParams = {}, options?: RequestOptions): PagePromise<Entity> {
    return this._client.getPage(path`/v1/${this.plural}`, params, options);
  }

  /**
   * `DELETE /v1/{plural}/{id}`: moves the record to the trash and answers it as retrieve would;
   * its related records stay. Deleting one already in the trash answers it again.
   */
  delete(id: string, options?: RequestOptions): APIPromise<Entity> {
    return this._client.delete(path`/v1/${this.plural}/${id}`, {}, options);
  }

  /** `POST /v1/{plural}/{id}/restore`: brings a trashed record back with its links (409 `unique_violation` when a unique value it held was taken meanwhile). */
  restore(id: string, options?: RequestOptions): APIPromise<Entity> {
    return this._client.post(path`/v1/${this.plural}/${id}/restore`, {}, options);
  }

  /** `GET /v1/{plural}/definitions`: the fields and relationships records of this type have. */
  definitions(options?: RequestOptions): APIPromise<DefinitionsResponse> {
    return this._client.get(path`/v1/${this.plural}/definitions`, options);
  }
}
