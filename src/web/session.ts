import { createHash, randomBytes } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../domain/access/api-keys.js';
import type { Scope } from '../domain/access/scopes.js';
import type { DB } from '../storage/database.js';
import { deleteExpiredWebSessions, deleteWebSession, findLiveWebSession, insertWebSession } from '../storage/web-sessions.js';

export const SESSION_COOKIE = 'fieldhouse_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Where a sign-in without a usable `next` lands. */
export const DEFAULT_LANDING = '/crm/opportunities';

// 32 random bytes in base64url; anything else in the cookie cannot be a token of ours.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Opens a session acting as `principal`'s key and returns the token for the cookie. */
export async function openSession(db: DB, principal: Principal, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await deleteExpiredWebSessions(db, now.toISOString());
  await insertWebSession(db, {
    token_hash: hashToken(token),
    api_key_id: principal.keyId,
    organization_id: principal.organizationId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  return token;
}

export async function closeSession(db: DB, token: string | undefined): Promise<void> {
  if (token !== undefined && TOKEN.test(token)) await deleteWebSession(db, hashToken(token));
}

/** Who the request's cookie signs in as: undefined without a live session or with a revoked key. */
export async function sessionPrincipal(db: DB, request: FastifyRequest, now: Date): Promise<Principal | undefined> {
  const token = request.cookies[SESSION_COOKIE];
  if (token === undefined || !TOKEN.test(token)) return undefined;
  const session = await findLiveWebSession(db, hashToken(token), now.toISOString());
  if (!session) return undefined;
  return {
    keyId: session.apiKeyId,
    organizationId: session.organizationId,
    memberId: session.memberId,
    scopes: JSON.parse(session.scopes) as Scope[],
  };
}

export function sessionCookieOptions(secure: boolean): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: SESSION_TTL_MS / 1000 };
}

// Only this origin's own paths resolve against it; the host is never reached.
const HERE = new URL('http://fieldhouse.invalid');

/**
 * `next` when it is a path on this server, otherwise the default landing page. `//host` and
 * `/\host` are other sites to a browser, so only a single leading slash counts. The path comes
 * back as the URL parser writes it, which is what a browser would make of it too: non-ASCII
 * percent-encoded (a Location header holds ASCII only) and dot segments resolved, after which it
 * must still not start with `//` (`/.//host` resolves to `//host`).
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2048) return DEFAULT_LANDING;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return DEFAULT_LANDING;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return DEFAULT_LANDING;
  const url = URL.canParse(next, HERE) ? new URL(next, HERE) : undefined;
  if (url?.origin !== HERE.origin) return DEFAULT_LANDING;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') || path.length > 2048 ? DEFAULT_LANDING : path;
}

export function redirectToLogin(reply: FastifyReply, path: string): FastifyReply {
  return reply.redirect(`/login?next=${encodeURIComponent(path)}`, 302);
}
