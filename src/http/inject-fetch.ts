import type { FastifyInstance } from 'fastify';
import type { Fetch } from '../../packages/sdk/src/index.js';

/** Statuses whose Response may not carry a body. */
const NO_BODY = new Set([101, 204, 205, 304]);

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  return Object.fromEntries(new Headers(headers ?? {}).entries());
}

function responseHeaders(headers: Record<string, string | string[] | number | undefined>): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) out.append(name, String(one));
  }
  return out;
}

/**
 * A `fetch` that hands each request to this app's own router: the whole `/v1` pipeline (auth,
 * scopes, rate limits, idempotency, durability) runs as for a request from the network, without
 * a socket. The host of the URL is ignored.
 */
export function injectFetch(app: FastifyInstance): Fetch {
  return async (input, init) => {
    const url = new URL(input);
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new TypeError('injectFetch sends string and byte bodies only.');
    }
    const res = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: plainHeaders(init.headers),
      ...(body !== undefined && body !== null && { payload: typeof body === 'string' ? body : Buffer.from(body) }),
    });
    return new Response(NO_BODY.has(res.statusCode) ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers: responseHeaders(res.headers) });
  };
}
