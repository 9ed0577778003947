import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.js';

/** A plain browser-like request: no key, no version header, redirects not followed. */
export async function page(t: TestServer, path: string, init: { cookie?: string; form?: Record<string, string>; method?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(t.url + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Signs in with `key` and returns the `name=value` of the session cookie. */
export async function signIn(t: TestServer, key: string): Promise<string> {
  const res = await page(t, '/login', { form: { key, next: '/' } });
  assert.equal(res.status, 303, res.text);
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  assert.ok(cookie !== undefined && cookie.startsWith('fieldhouse_session='), 'a session cookie is set');
  return cookie;
}

