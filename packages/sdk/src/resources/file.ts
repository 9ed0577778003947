import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import { LightfieldError } from '../core/errors.js';
import { md5Hex } from '../core/md5.js';
import { bytesOf, describedBy, type UploadSource } from '../core/upload-bytes.js';
import type { FileCompleteParams, FileCreateParams, FileCreateResponse, FileObject, FileUploadParams, FileUrlResponse, PageParams } from '../types.js';

/** `client.file`: upload sessions and download URLs (`files:create`, `files:read`). */
export class FileResource extends APIResource {
  /** `POST /v1/files`: opens a PENDING session; PUT the bytes to `uploadUrl` with `uploadHeaders`, then `complete`. */
  create(params: FileCreateParams, options?: RequestOptions): APIPromise<FileCreateResponse> {
    return this._client.post('/v1/files', params, options);
  }

  /**
   * The whole upload in one call: `create` a session sized to the bytes, PUT them to its
   * `uploadUrl` (retried like any request), then `complete` it with their MD5. A File names
   * itself; other sources need `filename` (and `mimeType`, else `application/octet-stream`).
   * An `idempotencyKey` given is suffixed per step (`:create`, `:complete`), one key per operation.
   */
  async upload(source: UploadSource, params: FileUploadParams = {}, options?: RequestOptions): Promise<FileObject> {
    const described = describedBy(source);
    const filename = params.filename ?? described.filename;
    if (filename === undefined) throw new LightfieldError('file.upload needs a filename: pass { filename } unless the source is a File, which names itself.');
    const bytes = await bytesOf(source);
    if (bytes.byteLength === 0) throw new LightfieldError('file.upload has no bytes to send: a file holds at least one.');
    // Before anything is sent: a failure here must not leave a session behind.
    const md5 = await md5Hex(bytes);
    const mimeType = params.mimeType ?? described.mimeType ?? 'application/octet-stream';
    const step = (name: string): RequestOptions | undefined =>
      options?.idempotencyKey === undefined ? options : { ...options, idempotencyKey: `${options.idempotencyKey}:${name}` };
    const session = await this.create({ filename, mimeType, sizeBytes: bytes.byteLength, ...(params.purpose ? { purpose: params.purpose } : {}) }, step('create'));
    await this._client.putExternal(session.uploadUrl, session.uploadHeaders, bytes, options);
    return this.complete(session.id, md5 === undefined ? {} : { md5 }, step('complete'));
  }

  /** `GET /v1/files`, newest first; takes `limit` and `offset` only. */
  list(params: PageParams = {}, options?: RequestOptions): PagePromise<FileObject> {
    return this._client.getPage('/v1/files', params, options);
  }

  /** `GET /v1/files/{id}`. */
  retrieve(id: string, options?: RequestOptions): APIPromise<FileObject> {
    return this._client.get(path`/v1/files/${id}`, options);
  }

  /** `POST /v1/files/{id}/complete`: checks the uploaded size (and `md5`) and moves the file to COMPLETED. */
  complete(id: string, params: FileCompleteParams = {}, options?: RequestOptions): APIPromise<FileObject> {
    return this._client.post(path`/v1/files/${id}/complete`, params, options);
  }

  /** `POST /v1/files/{id}/cancel`: only while PENDING. */
  cancel(id: string, options?: RequestOptions): APIPromise<FileObject> {
    return this._client.post(path`/v1/files/${id}/cancel`, {}, options);
  }

  /** `GET /v1/files/{id}/url`: a download URL valid 15 minutes, for a COMPLETED file. */
  url(id: string, options?: RequestOptions): APIPromise<FileUrlResponse> {
    return this._client.get(path`/v1/files/${id}/url`, options);
  }
}
