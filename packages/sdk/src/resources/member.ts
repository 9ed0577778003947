import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { Member as MemberRecord, PageParams } from '../types.js';

/** `client.member`: the organization's members, read-only (`members:read`). */
export class Member extends APIResource {
  /** `GET /v1/members`; takes `limit` and `offset` only. */
  list(params: PageParams = {}, options?: RequestOptions): PagePromise<MemberRecord> {
    return this._client.getPage('/v1/members', params, options);
  }

  /** `GET /v1/members/{id}`. */
  retrieve(id: string, options?: RequestOptions): APIPromise<MemberRecord> {
    return this._client.get(path`/v1/members/${id}`, options);
  }
}
