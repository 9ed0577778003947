import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.js';

const TOKEN_FIELD = /<input type="hidden" name="_csrf" value="([^"]+)">/;

/** `name=value` pairs of a Cookie header, with `set` (Set-Cookie lines) laid over `cookie`. */
function mergeCookies(cookie: string | undefined, set: readonly string[]): string | undefined {
  const jar = new Map((cookie ?? '').split(/;\s*/).filter(Boolean).map((pair) => [pair.split('=')[0]!, pair] as const));
  for (const line of set) {
    const pair = line.split(';')[0]!;
    jar.set(pair.split('=')[0]!, pair);
  }
  return jar.size === 0 ? undefined : [...jar.values()].join('; ');
}

/**
 * What a browser has after loading a page with a form: the form's token, and the cookie with the
 * token's secret (set by that page when the browser had none yet).
 */
export async function formToken(t: TestServer, cookie?: string): Promise<{ token: string; cookie: string }> {
  const res = await fetch(`${t.url}/login`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const token = TOKEN_FIELD.exec(await res.text())?.[1];
  assert.ok(token, 'the sign-in form carries a token');
  return { token, cookie: mergeCookies(cookie, res.headers.getSetCookie()) ?? '' };
}

/**
 * A plain browser-like request: no key, no version header, redirects not followed. A POST sends
 * the form token a browser would have from the page with the form, unless `csrf` is false.
 */
export async function page(
  t: TestServer,
  path: string,
  init: { cookie?: string; form?: Record<string, string>; method?: string; headers?: Record<string, string>; csrf?: boolean } = {},
) {
  const method = init.method ?? (init.form === undefined ? 'GET' : 'POST');
  let cookie = init.cookie;
  let form = init.form;
  if (method === 'POST' && init.csrf !== false) {
    const loaded = await formToken(t, cookie);
    cookie = loaded.cookie;
    form = { ...form, _csrf: loaded.token };
  }
  const headers: Record<string, string> = { ...init.headers };
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(t.url + path, { method, headers, body, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Signs in with `key` and returns the Cookie header of that browser: the session and the form-token secret. */
export async function signIn(t: TestServer, key: string): Promise<string> {
  const { token, cookie } = await formToken(t);
  const res = await page(t, '/login', { cookie, form: { key, next: '/', _csrf: token }, csrf: false });
  assert.equal(res.status, 303, res.text);
  const session = res.headers.getSetCookie()[0]?.split(';')[0];
  assert.ok(session !== undefined && session.startsWith('fieldhouse_session='), 'a session cookie is set');
  return mergeCookies(cookie, res.headers.getSetCookie())!;
}
