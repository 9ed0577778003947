import type { APIPromise } from '../core/api-promise.js';
import type { CursorPagePromise } from '../core/cursor-pagination.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type {
  DefinitionsResponse,
  Entity,
  FieldHistoryEntry,
  ListParams,
  MergeParams,
  MergeResponse,
  ObjectCreateParams,
  ObjectDeleteParams,
  ObjectFieldHistoryParams,
  ObjectListDefinitionsResponse,
  ObjectRestoreParams,
  ObjectRetrieveParams,
  ObjectUpdateParams,
} from '../types.js';

/** `client.object`: records of custom object types, addressed by the type's slug. */
export class ObjectResource extends APIResource {
  /** `POST /v1/objects/{entitySlug}/values`. */
  create(entitySlug: string, body: ObjectCreateParams, options?: RequestOptions): APIPromise<Entity> {
    return this._client.post(path`/v1/objects/${entitySlug}/values`, body, options);
  }

  /** `GET /v1/objects/{entitySlug}/values/{id}`. */
  retrieve(id: string, params: ObjectRetrieveParams, options?: RequestOptions): APIPromise<Entity> {
    return this._client.get(path`/v1/objects/${params.entitySlug}/values/${id}`, options);
  }

  /** `POST /v1/objects/{entitySlug}/values/{id}`; `entitySlug` goes in the path, the rest in the body. */
  update(id: string, params: ObjectUpdateParams, options?: RequestOptions): APIPromise<Entity> {
    const { entitySlug, ...body } = params;
    return this._client.post(path`/v1/objects/${entitySlug}/values/${id}`, body, options);
  }

  /** `GET /v1/objects/{entitySlug}`: await it for one page, or `for await` over it for every record. */
  list(entitySlug: string, params: ListParams = {}, options?: RequestOptions): PagePromise<Entity> {
    return this._client.getPage(path`/v1/objects/${entitySlug}`, params, options);
  }

  /** `DELETE /v1/objects/{entitySlug}/values/{id}`: moves the record to the trash and answers it as retrieve would. */
  delete(id: string, params: ObjectDeleteParams, options?: RequestOptions): APIPromise<Entity> {
    return this._client.delete(path`/v1/objects/${params.entitySlug}/values/${id}`, {}, options);
  }

  /** `POST /v1/objects/{entitySlug}/values/{id}/restore`. */
  restore(id: string, params: ObjectRestoreParams, options?: RequestOptions): APIPromise<Entity> {
    return this._client.post(path`/v1/objects/${params.entitySlug}/values/${id}/restore`, {}, options);
  }

  /**
   * `GET /v1/objects/{entitySlug}/values/{id}/fields/{fieldKey}/history`, newest first; await it
   * for one page, or `for await` over it for every entry of every page.
   */
  fieldHistory(id: string, fieldKey: string, params: ObjectFieldHistoryParams, options?: RequestOptions): CursorPagePromise<FieldHistoryEntry> {
    const { entitySlug, ...page } = params;
    return this._client.getCursorPage(path`/v1/objects/${entitySlug}/values/${id}/fields/${fieldKey}/history`, page, options);
  }

  /** `POST /v1/objects/{entitySlug}/merge`: as `account.merge`, for two records of one custom object type. */
  merge(entitySlug: string, body: MergeParams, options?: RequestOptions): APIPromise<MergeResponse> {
    return this._client.post(path`/v1/objects/${entitySlug}/merge`, body, options);
  }

  /** `GET /v1/objects/{entitySlug}/definitions`. */
  definitions(entitySlug: string, options?: RequestOptions): APIPromise<DefinitionsResponse> {
    return this._client.get(path`/v1/objects/${entitySlug}/definitions`, options);
  }

  /** `GET /v1/objects`: the custom object types there are. */
  listDefinitions(options?: RequestOptions): APIPromise<ObjectListDefinitionsResponse> {
    return this._client.get('/v1/objects', options);
  }
}
