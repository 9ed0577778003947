import type { ListParams, ListResponse } from '../types.js';
import { APIPromise } from './api-promise.js';
import { LightfieldError } from './errors.js';
import type { APIResponse, QueryParams } from './transport.js';

/** What a page of any kind offers to walk the ones after it. */
export interface PageChain<Self> {
  hasNextPage(): boolean;
  nextPage(): PromiseLike<Self>;
}

/** `first` and every page after it, each fetched once the previous one is consumed. */
export async function* iteratePages<P extends PageChain<P>>(first: P): AsyncGenerator<P> {
  let page = first;
  yield page;
  while (page.hasNextPage()) {
    page = await page.nextPage();
    yield page;
  }
}

/** Fetches the page at `offset` with the same limit, filters and sort. */
export type PageFetcher<Item> = (offset: number) => PagePromise<Item>;

/**
 * One page of a list: the response's `object`, `data` and `totalCount`, plus the way to the next
 * page. Iterating it with `for await` yields every item of this page and every page after it.
 * Pages are offsets into a live list: records created while iterating can shift what a later
 * page holds.
 */
export class Page<Item> implements ListResponse<Item>, AsyncIterable<Item> {
  readonly object: string;
  readonly data: Item[];
  readonly totalCount: number;
  /** Offset of this page's first item. */
  readonly offset: number;
  readonly #fetchPage: PageFetcher<Item>;

  constructor(fetchPage: PageFetcher<Item>, body: ListResponse<Item>, offset: number) {
    this.#fetchPage = fetchPage;
    this.object = body.object;
    this.data = body.data;
    this.totalCount = body.totalCount;
    this.offset = offset;
  }

  hasNextPage(): boolean {
    return this.data.length > 0 && this.offset + this.data.length < this.totalCount;
  }

  /** The next page; check `hasNextPage()` first. */
  nextPage(): PagePromise<Item> {
    if (!this.hasNextPage()) throw new LightfieldError('No next page: check `page.hasNextPage()` first.');
    return this.#fetchPage(this.offset + this.data.length);
  }

  /** The same as `nextPage()`, under the name Stainless clients use. */
  getNextPage(): PagePromise<Item> {
    return this.nextPage();
  }

  iterPages(): AsyncGenerator<Page<Item>> {
    return iteratePages<Page<Item>>(this);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const page of this.iterPages()) yield* page.data;
  }

  /** What the server sent: `JSON.stringify(page)` is the list response. */
  toJSON(): ListResponse<Item> {
    return { object: this.object, data: this.data, totalCount: this.totalCount };
  }
}

/** `await` it for the first page; `for await` over it for every item of every page. */
export class PagePromise<Item> extends APIPromise<Page<Item>> implements AsyncIterable<Item> {
  constructor(first: Promise<APIResponse<ListResponse<Item>>>, fetchPage: PageFetcher<Item>, offset: number) {
    super(first.then((r) => ({ ...r, data: new Page(fetchPage, r.data, offset) })));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    yield* await this;
  }
}

/** `KEY[OP]=VALUE` query parameters of a list call; a filter key already holding `[OP]` is sent as is. */
export function listQuery(params: ListParams): QueryParams {
  const query: QueryParams = { limit: params.limit, offset: params.offset, sort: params.sort };
  for (const [key, condition] of Object.entries(params.filter ?? {})) {
    if (condition === undefined || condition === null) continue;
    if (typeof condition !== 'object') {
      query[key] = condition;
      continue;
    }
    for (const [op, value] of Object.entries(condition)) if (value !== undefined) query[`${key}[${op}]`] = value;
  }
  return query;
}
