import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { EmailDraftParams, EmailDraftResponse, EmailObject, EmailSendParams, EmailSendResponse, PageParams } from '../types.js';

/** `client.email`: mail sent from the key member's mailbox (`emails:create`), and read back (`emails:read`). */
export class EmailResource extends APIResource {
  /**
   * `POST /v1/emails/send`: answers once the SMTP server has accepted the message. A retry under
   * the same idempotency key (one is generated unless `options.idempotencyKey` gives one) never sends twice.
   */
  send(params: EmailSendParams, options?: RequestOptions): APIPromise<EmailSendResponse> {
    return this._client.post('/v1/emails/send', params, options);
  }

  /** `POST /v1/emails/draft`: stores a draft; nothing is sent. */
  draft(params: EmailDraftParams, options?: RequestOptions): APIPromise<EmailDraftResponse> {
    return this._client.post('/v1/emails/draft', params, options);
  }

  /** `GET /v1/emails`, newest first; list items leave `$body` out. */
  list(params: PageParams = {}, options?: RequestOptions): PagePromise<EmailObject> {
    return this._client.getPage('/v1/emails', params, options);
  }

  /** `GET /v1/emails/{id}`, with `$body` when the caller reads it in full. */
  retrieve(id: string, options?: RequestOptions): APIPromise<EmailObject> {
    return this._client.get(path`/v1/emails/${id}`, options);
  }
}
