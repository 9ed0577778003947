import type { FastifyInstance } from 'fastify';
import { authenticate } from '../domain/access/api-keys.js';
import type { AppContext } from '../http/context.js';
import { formChecks, formToken, type CsrfToken } from './csrf.js';
import { csrfField, html, layout, sendPage, type Html } from './html.js';
import { closeSession, openSession, safeNext, SESSION_COOKIE, sessionCookieOptions } from './session.js';

interface LoginForm {
  next: string;
  csrf: CsrfToken;
  error?: string;
}

/** The sign-in form: one password field for an API key; `next` and the form's token ride along hidden. */
export function loginPage({ next, csrf, error }: LoginForm): Html {
  return layout({
    title: 'Sign in',
    body: html`<h1>Sign in</h1>
<form class="login" method="post" action="/login">
${error ? html`<p class="error" role="alert">${error}</p>` : null}
<label for="key">API key</label>
<input type="password" id="key" name="key" autocomplete="current-password" required autofocus>
<input type="hidden" name="next" value="${next}">
${csrfField(csrf)}
<button type="submit">Sign in</button>
</form>
<p>Use an API key of your organization, e.g. the one <code>fieldhouse keys create</code> prints.</p>`,
  });
}

function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * GET and POST /login, POST /logout. The key travels only in a POST body, never in a URL. Both
 * posts pass the form checks: a sign-in another site sent could put a victim in the attacker's
 * organization, a sign-out it sent would end the victim's session.
 */
export async function loginRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const secure = (): boolean => ctx.publicUrl().startsWith('https:');

  app.get<{ Querystring: { next?: unknown } }>('/login', async (request, reply) =>
    sendPage(reply, 200, loginPage({ next: safeNext(request.query.next), csrf: formToken(reply, ctx) })),
  );

  app.post('/login', { preHandler: formChecks(app) }, async (request, reply) => {
    const next = safeNext(field(request.body, 'next'));
    const key = field(request.body, 'key')?.trim() ?? '';
    const principal = key === '' ? undefined : await authenticate(ctx.storage.db, key);
    if (!principal) return sendPage(reply, 401, loginPage({ next, csrf: formToken(reply, ctx), error: 'That API key is not valid, or it has been revoked.' }));
    // A new sign-in replaces whatever session this browser had.
    await closeSession(ctx.storage.db, request.cookies[SESSION_COOKIE]);
    const token = await openSession(ctx.storage.db, principal, ctx.clock.now());
    return reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(secure())).redirect(next, 303);
  });

  app.post('/logout', { preHandler: formChecks(app) }, async (request, reply) => {
    await closeSession(ctx.storage.db, request.cookies[SESSION_COOKIE]);
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(secure());
    return reply.clearCookie(SESSION_COOKIE, options).redirect('/login', 303);
  });
}
