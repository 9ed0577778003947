import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type {
  DefinitionsResponse,
  Entity,
  ListParams,
  ObjectCreateParams,
  ObjectListDefinitionsResponse,
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

  /** `GET /v1/objects/{entitySlug}/definitions`. */
  definitions(entitySlug: string, options?: RequestOptions): APIPromise<DefinitionsResponse> {
    return this._client.get(path`/v1/objects/${entitySlug}/definitions`, options);
  }

  /** `GET /v1/objects`: the custom object types there are. */
  listDefinitions(options?: RequestOptions): APIPromise<ObjectListDefinitionsResponse> {
    return this._client.get('/v1/objects', options);
  }
}
