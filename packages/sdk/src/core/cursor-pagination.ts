import type { CursorPageParams, CursorPageResponse } from '../types.js';
import { APIPromise } from './api-promise.js';
import { LightfieldError } from './errors.js';
import { iteratePages } from './pagination.js';
import type { APIResponse, QueryParams } from './transport.js';

/** Fetches the page after `cursor` (a `nextCursor`) with the same limit. */
export type CursorPageFetcher<Item> = (cursor: string) => CursorPagePromise<Item>;

/**
 * One page of a cursor-paged read (field history): the response's `data`, `hasMore` and
 * `nextCursor`, plus the way to the next page. Iterating it with `for await` yields every item of
 * this page and every page after it. Unlike offset pages, a cursor page never shifts when
 * entries are added meanwhile.
 */
export class CursorPage<Item> implements CursorPageResponse<Item>, AsyncIterable<Item> {
  readonly data: Item[];
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
  readonly #fetchPage: CursorPageFetcher<Item>;

  constructor(fetchPage: CursorPageFetcher<Item>, body: CursorPageResponse<Item>) {
    this.#fetchPage = fetchPage;
    this.data = body.data;
    this.hasMore = body.hasMore;
    this.nextCursor = body.nextCursor;
  }

  hasNextPage(): boolean {
    return this.hasMore && this.nextCursor !== null;
  }

  /** The next page, fetched with `after=nextCursor`; check `hasNextPage()` first. */
  nextPage(): CursorPagePromise<Item> {
    if (!this.hasNextPage()) throw new LightfieldError('No next page: check `page.hasNextPage()` first.');
    return this.#fetchPage(this.nextCursor!);
  }

  /** The same as `nextPage()`, under the name Stainless clients use. */
  getNextPage(): CursorPagePromise<Item> {
    return this.nextPage();
  }

  iterPages(): AsyncGenerator<CursorPage<Item>> {
    return iteratePages<CursorPage<Item>>(this);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const page of this.iterPages()) yield* page.data;
  }

  /** What the server sent: `JSON.stringify(page)` is the response. */
  toJSON(): CursorPageResponse<Item> {
    return { data: this.data, hasMore: this.hasMore, nextCursor: this.nextCursor };
  }
}

/** `await` it for the first page; `for await` over it for every item of every page. */
export class CursorPagePromise<Item> extends APIPromise<CursorPage<Item>> implements AsyncIterable<Item> {
  constructor(first: Promise<APIResponse<CursorPageResponse<Item>>>, fetchPage: CursorPageFetcher<Item>) {
    super(first.then((r) => ({ ...r, data: new CursorPage(fetchPage, r.data) })));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    yield* await this;
  }
}

export function cursorQuery(params: CursorPageParams): QueryParams {
  return { limit: params.limit, after: params.after };
}
