import type { APIPromise } from '../core/api-promise.js';
import type { CursorPagePromise } from '../core/cursor-pagination.js';
import { path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { FieldHistoryEntry, FieldHistoryParams, MergeParams, MergeResponse } from '../types.js';
import { RecordResource } from './record-resource.js';

/** A record type that also keeps field history and merges duplicates: accounts, contacts, opportunities. */
export abstract class MergeableRecordResource<CreateParams, UpdateParams> extends RecordResource<CreateParams, UpdateParams> {
  /**
   * `GET /v1/{plural}/{id}/fields/{fieldKey}/history`, newest first (`fieldKey` is sent
   * URL-encoded: `$amount` as `%24amount`). Await it for one page, or `for await` over it for
   * every entry of every page.
   */
  fieldHistory(id: string, fieldKey: string, params: FieldHistoryParams = {}, options?: RequestOptions): CursorPagePromise<FieldHistoryEntry> {
    return this._client.getCursorPage(path`/v1/${this.plural}/${id}/fields/${fieldKey}/history`, params, options);
  }

  /**
   * `POST /v1/{plural}/merge`: the primary keeps its id and gains the duplicate's links, what
   * pointed at the duplicate points at the primary, and the duplicate goes to the trash; one
   * transaction, undone with `client.merge.undo`. `dryRun: true` answers the same and writes nothing.
   */
  merge(body: MergeParams, options?: RequestOptions): APIPromise<MergeResponse> {
    return this._client.post(path`/v1/${this.plural}/merge`, body, options);
  }
}
