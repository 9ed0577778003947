import { APIPromise } from './core/api-promise.js';
import { cursorQuery, CursorPagePromise } from './core/cursor-pagination.js';
import { LightfieldError } from './core/errors.js';
import { listQuery, PagePromise } from './core/pagination.js';
import { Transport, type Fetch, type QueryParams, type RequestOptions } from './core/transport.js';
import { Account } from './resources/account.js';
import { Auth } from './resources/auth.js';
import { Channel } from './resources/channel.js';
import { Contact } from './resources/contact.js';
import { FileResource } from './resources/file.js';
import { List } from './resources/list.js';
import { Member } from './resources/member.js';
import { EmailResource } from './resources/email.js';
import { EnrichmentRunResource } from './resources/enrichment-run.js';
import { Meeting } from './resources/meeting.js';
import { MergeResource } from './resources/merge.js';
import { Message } from './resources/message.js';
import { Note } from './resources/note.js';
import { ObjectResource } from './resources/object.js';
import { Opportunity } from './resources/opportunity.js';
import { Task } from './resources/task.js';
import { WorkflowRun } from './resources/workflow-run.js';
import type { CursorPageParams, CursorPageResponse, ListParams, ListResponse } from './types.js';

export interface ClientOptions {
  /** Defaults to the `LIGHTFIELD_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /** Defaults to `LIGHTFIELD_BASE_URL`, then `http://localhost:8787`. No `/v1`: paths carry it. */
  baseURL?: string | null | undefined;
  /** Milliseconds per attempt; default 60 000. */
  timeout?: number;
  /** Retries of a failed request (connection error, timeout, 408, 409, 429, 5xx); default 2. */
  maxRetries?: number;
  /** Sent with every request; a `null` value removes a header the client would send. */
  defaultHeaders?: { [name: string]: string | null | undefined };
  /** A `fetch` to use instead of the platform's. */
  fetch?: Fetch;
}

export const DEFAULT_BASE_URL = 'http://localhost:8787';
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;

/** An environment variable where there is an environment (Node, Deno, Bun); undefined in a browser. */
function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value === '' ? undefined : value;
}

/** The client of the Lightfield API 2026-03-01, pointed at fieldhouse or at Lightfield itself. */
export class Lightfield {
  readonly apiKey: string;
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly #options: ClientOptions;
  readonly #transport: Transport;

  readonly account = new Account(this);
  readonly contact = new Contact(this);
  readonly opportunity = new Opportunity(this);
  readonly task = new Task(this);
  readonly note = new Note(this);
  readonly meeting = new Meeting(this);
  readonly email = new EmailResource(this);
  readonly member = new Member(this);
  readonly file = new FileResource(this);
  readonly list = new List(this);
  readonly auth = new Auth(this);
  readonly workflowRun = new WorkflowRun(this);
  readonly object = new ObjectResource(this);
  readonly merge = new MergeResource(this);
  readonly channel = new Channel(this);
  readonly message = new Message(this);
  readonly enrichmentRun = new EnrichmentRunResource(this);

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? readEnv('LIGHTFIELD_API_KEY');
    if (!apiKey) {
      throw new LightfieldError(
        "No API key: set the LIGHTFIELD_API_KEY environment variable or pass one, as in new Lightfield({ apiKey: 'sk_lf_…' }).",
      );
    }
    const fetchImpl = options.fetch ?? (globalThis.fetch as Fetch | undefined);
    if (!fetchImpl) throw new LightfieldError('No fetch: this platform has no global fetch; pass one as the `fetch` option.');
    this.apiKey = apiKey;
    this.baseURL = options.baseURL ?? readEnv('LIGHTFIELD_BASE_URL') ?? DEFAULT_BASE_URL;
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.#options = options;
    this.#transport = new Transport({
      baseURL: this.baseURL,
      apiKey,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      defaultHeaders: options.defaultHeaders ?? {},
      // Called as a plain function: some platforms' fetch refuses a `this` other than the global.
      fetch: (input, init) => fetchImpl(input, init),
    });
  }

  /** A new client with these options over this one's. */
  withOptions(options: ClientOptions): Lightfield {
    return new Lightfield({ ...this.#options, apiKey: this.apiKey, baseURL: this.baseURL, ...options });
  }

  get<T>(path: string, options?: RequestOptions, query?: QueryParams): APIPromise<T> {
    return new APIPromise(this.#transport.request<T>({ method: 'GET', path, query, options }));
  }

  post<T>(path: string, body: unknown, options?: RequestOptions): APIPromise<T> {
    return new APIPromise(this.#transport.request<T>({ method: 'POST', path, body, options }));
  }

  /** A write by DELETE; the body defaults to `{}`, as the official SDK sends it. */
  delete<T>(path: string, body: unknown = {}, options?: RequestOptions): APIPromise<T> {
    return new APIPromise(this.#transport.request<T>({ method: 'DELETE', path, body, options }));
  }

  /** @internal A PUT of bytes to a signed upload URL the API handed out (Transport.putExternal). */
  putExternal(url: string, headers: { [name: string]: string }, body: Uint8Array, options?: RequestOptions): Promise<void> {
    return this.#transport.putExternal(url, headers, body, options);
  }

  /** A cursor-paged read (`limit`, `after`) as a page that can fetch the ones after it. */
  getCursorPage<Item>(path: string, params: CursorPageParams = {}, options?: RequestOptions): CursorPagePromise<Item> {
    const first = this.#transport.request<CursorPageResponse<Item>>({ method: 'GET', path, query: cursorQuery(params), options });
    return new CursorPagePromise(first, (after) => this.getCursorPage<Item>(path, { ...params, after }, options));
  }

  /** A list call as a page that can fetch the ones after it. */
  getPage<Item>(path: string, params: ListParams = {}, options?: RequestOptions): PagePromise<Item> {
    const offset = params.offset ?? 0;
    const first = this.#transport.request<ListResponse<Item>>({ method: 'GET', path, query: listQuery(params), options });
    return new PagePromise(first, (next) => this.getPage<Item>(path, { ...params, offset: next }, options), offset);
  }
}
