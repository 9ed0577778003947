import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { MessageListParams, MessageObject } from '../types.js';

/** `client.message`: chat messages of the channels the caller may see (`messages:read`). */
export class Message extends APIResource {
  /** `GET /v1/messages`, newest first; takes `limit` and `offset` only. Each message's channel is `relationships.$channel`. */
  list(params: MessageListParams = {}, options?: RequestOptions): PagePromise<MessageObject> {
    return this._client.getPage('/v1/messages', params, options);
  }

  /** `GET /v1/messages/{id}`, with its `accessLevel`. */
  retrieve(id: string, options?: RequestOptions): APIPromise<MessageObject> {
    return this._client.get(path`/v1/messages/${id}`, options);
  }
}
