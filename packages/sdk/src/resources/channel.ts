import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { ChannelCreateMessageParams, ChannelCreateParams, ChannelListParams, ChannelObject, MessageObject } from '../types.js';

/** `client.channel`: chat channels (`channels:read`); fieldhouse also takes them in (`admin`). */
export class Channel extends APIResource {
  /** `GET /v1/channels`: the channels the caller may see; takes `limit` and `offset` only. */
  list(params: ChannelListParams = {}, options?: RequestOptions): PagePromise<ChannelObject> {
    return this._client.getPage('/v1/channels', params, options);
  }

  /** `GET /v1/channels/{id}`: a 404 for one the caller may not see, as for one that does not exist. */
  retrieve(id: string, options?: RequestOptions): APIPromise<ChannelObject> {
    return this._client.get(path`/v1/channels/${id}`, options);
  }

  /**
   * `POST /v1/channels` (fieldhouse, scope `admin`): 201 with the new channel, or, for an
   * `externalId` already taken, 200 with that channel updated. A generated `Idempotency-Key`
   * unless `options.idempotencyKey` gives one.
   */
  create(body: ChannelCreateParams, options?: RequestOptions): APIPromise<ChannelObject> {
    return this._client.post('/v1/channels', body, options);
  }

  /**
   * `POST /v1/channels/{channelId}/messages` (fieldhouse, scope `admin`): 201 with the new
   * message, or, for an `externalId` already taken, 200 with that message updated.
   */
  createMessage(channelId: string, body: ChannelCreateMessageParams, options?: RequestOptions): APIPromise<MessageObject> {
    return this._client.post(path`/v1/channels/${channelId}/messages`, body, options);
  }
}
