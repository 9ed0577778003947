import { isRetryableStatus, retryDelayMs } from './backoff.js';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from './errors.js';

export const API_VERSION = '2026-03-01';

/** The platform's `fetch`, or anything with its signature (tests inject one). */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export type QueryValue = string | number | boolean;
export type QueryParams = { [key: string]: QueryValue | null | undefined };

/** Per-request options: the last argument of every method. */
export interface RequestOptions {
  /** Sent as `Idempotency-Key` on a write instead of a generated one; reused by every retry. */
  idempotencyKey?: string;
  /** Milliseconds per attempt. */
  timeout?: number;
  maxRetries?: number;
  /** Added to (or, with `null`, removed from) the headers of this request. */
  headers?: { [name: string]: string | null | undefined };
  /** Query parameters sent as given, e.g. raw filters: `{ '$amount[greaterThan]': 1000 }`. */
  query?: QueryParams;
  signal?: AbortSignal;
}

export interface TransportConfig {
  baseURL: string;
  apiKey: string;
  timeout: number;
  maxRetries: number;
  defaultHeaders: { [name: string]: string | null | undefined };
  fetch: Fetch;
}

export interface HTTPRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: QueryParams;
  body?: unknown;
  options?: RequestOptions | undefined;
}

/** A parsed body with the response it came from (headers such as `Idempotent-Replayed`). */
export interface APIResponse<T> {
  data: T;
  response: Response;
  requestID: string | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function buildURL(baseURL: string, path: string, query: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) search.append(key, String(value));
  const qs = search.toString();
  return `${baseURL.replace(/\/+$/, '')}${path}${qs ? `?${qs}` : ''}`;
}

/** Sends requests: headers, JSON, timeout, retries with backoff, one idempotency key per write. */
export class Transport {
  constructor(readonly config: TransportConfig) {}

  async request<T>(req: HTTPRequest): Promise<APIResponse<T>> {
    const options = req.options ?? {};
    const url = buildURL(this.config.baseURL, req.path, { ...req.query, ...options.query });
    const init: RequestInit = { method: req.method, headers: this.headers(req) };
    if (req.body !== undefined) init.body = JSON.stringify(req.body);
    const { response, text } = await this.send(url, init, options);
    return { data: parseBody(text) as T, response, requestID: response.headers.get('request-id') };
  }

  /**
   * A PUT of bytes to a signed URL the API handed out (a file's `uploadUrl`): outside the API, so
   * with only the headers given and no key, version or idempotency header; timed out, aborted and
   * retried as any request is.
   */
  async putExternal(url: string, headers: { [name: string]: string }, body: Uint8Array, options: RequestOptions = {}): Promise<void> {
    // Any Uint8Array over a plain ArrayBuffer is a body to fetch; TypeScript's DOM types only say so for ArrayBuffer.
    await this.send(url, { method: 'PUT', headers, body: body as Uint8Array<ArrayBuffer> }, options);
  }

  /** Attempts `init` until it succeeds, fails for good, or `maxRetries` retries are spent. */
  private async send(url: string, init: RequestInit, options: RequestOptions): Promise<{ response: Response; text: string }> {
    const maxRetries = options.maxRetries ?? this.config.maxRetries;
    for (let retriesSoFar = 0; ; retriesSoFar++) {
      const canRetry = retriesSoFar < maxRetries;
      let response: Response;
      let text: string;
      try {
        ({ response, text } = await this.attempt(url, init, options.timeout ?? this.config.timeout, options.signal));
      } catch (err) {
        if (!(err instanceof APIConnectionError) || !canRetry) throw err;
        await sleep(retryDelayMs(retriesSoFar));
        continue;
      }
      if (response.ok) return { response, text };
      if (canRetry && isRetryableStatus(response.status)) {
        await sleep(retryDelayMs(retriesSoFar, response.headers));
        continue;
      }
      throw APIError.generate(response.status, parseBody(text), text || undefined, response.headers);
    }
  }

  private headers(req: HTTPRequest): Headers {
    const headers = new Headers({
      accept: 'application/json',
      authorization: `Bearer ${this.config.apiKey}`,
      'lightfield-version': API_VERSION,
    });
    if (req.body !== undefined) headers.set('content-type', 'application/json');
    const key = req.options?.idempotencyKey ?? (req.method !== 'GET' ? `fieldhouse-sdk-${globalThis.crypto.randomUUID()}` : undefined);
    if (key !== undefined) headers.set('idempotency-key', key);
    for (const extra of [this.config.defaultHeaders, req.options?.headers ?? {}]) {
      for (const [name, value] of Object.entries(extra)) {
        if (value === null) headers.delete(name);
        else if (value !== undefined) headers.set(name, value);
      }
    }
    return headers;
  }

  /** One attempt, body included, under the timeout; a failure without a response becomes an APIConnectionError. */
  private async attempt(url: string, init: RequestInit, timeout: number, signal: AbortSignal | undefined): Promise<{ response: Response; text: string }> {
    if (signal?.aborted) throw new APIUserAbortError();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.config.fetch(url, { ...init, signal: controller.signal });
      return { response, text: await response.text() };
    } catch (err) {
      if (timedOut) throw new APIConnectionTimeoutError();
      if (signal?.aborted) throw new APIUserAbortError();
      throw new APIConnectionError({ cause: err });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
