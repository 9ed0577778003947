import type { Lightfield } from '../client.js';
import { LightfieldError } from './errors.js';

/** Base of the resource classes: each method is one request through the client. */
export abstract class APIResource {
  protected readonly _client: Lightfield;

  constructor(client: Lightfield) {
    this._client = client;
  }
}

/**
 * A path with its parameters percent-encoded: path`/v1/accounts/${id}`. A parameter that is empty,
 * `.` or `..` is refused: encoding leaves those as they are, and the URL would then name another
 * route (`retrieve('..')` would be a GET of `/v1/`, `retrieve('')` the list).
 */
export function path(strings: TemplateStringsArray, ...params: string[]): string {
  for (const param of params) {
    if (param === '' || param === '.' || param === '..') {
      throw new LightfieldError(`Path parameter ${JSON.stringify(param)} would change which path is called: pass an id.`);
    }
  }
  return strings.reduce((out, part, i) => out + part + (i < params.length ? encodeURIComponent(params[i]!) : ''), '');
}
