import type { Lightfield } from '../client.js';

/** Base of the resource classes: each method is one request through the client. */
export abstract class APIResource {
  protected readonly _client: Lightfield;

  constructor(client: Lightfield) {
    this._client = client;
  }
}

/** A path with its parameters percent-encoded: path`/v1/accounts/${id}`. */
export function path(strings: TemplateStringsArray, ...params: string[]): string {
  return strings.reduce((out, part, i) => out + part + (i < params.length ? encodeURIComponent(params[i]!) : ''), '');
}
