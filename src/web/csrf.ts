import fastifyCsrfProtection from '@fastify/csrf-protection';
import type { FastifyError, FastifyInstance, FastifyReply, preHandlerAsyncHookHandler, preHandlerHookHandler } from 'fastify';
import type { AppContext } from '../http/context.js';
import { assertSameOrigin } from './same-origin.js';

/**
 * The secret every form token is made from, one per browser. It exists before any session (the
 * sign-in form needs a token too: else another site could sign a victim into its own
 * organization), and no other site can read it, so no other site can make a token that matches.
 */
export const CSRF_COOKIE = 'fieldhouse_csrf';
/** The hidden field a form sends its token in (`csrfField` in html.ts). */
export const CSRF_FIELD = '_csrf';

/** A token made for one page's forms from this browser's secret. */
export type CsrfToken = string & { readonly __csrfToken: unique symbol };

/** Makes `app` able to make tokens and check them: once, where the web pages are registered. */
export async function registerCsrf(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCsrfProtection, {
    cookieKey: CSRF_COOKIE,
    // Lax: a post another site makes does not carry the secret; a link from another site to a page still does.
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true },
    // Our forms send it in the body, and nothing else may.
    getToken: (request) => {
      const body = request.body;
      const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
      return typeof token === 'string' ? token : undefined;
    },
  });
}

/** A token for the forms of the page `reply` sends; sets the secret cookie if the browser has none yet. */
export function formToken(reply: FastifyReply, ctx: AppContext): CsrfToken {
  return reply.generateCsrf({ secure: ctx.publicUrl().startsWith('https:') }) as CsrfToken;
}

const sameOrigin: preHandlerAsyncHookHandler = async (request) => assertSameOrigin(request);

/**
 * The checks ahead of every form post: first where the browser says it comes from (a post from
 * another site is refused with its own message), then the token, which also covers browsers that
 * say nothing.
 */
export function formChecks(app: FastifyInstance): Array<preHandlerAsyncHookHandler | preHandlerHookHandler> {
  return [sameOrigin, app.csrfProtection];
}

/** The page's wording for a post refused for its token, or undefined for any other error. */
export function csrfRefusal(error: FastifyError): string | undefined {
  if (error.code !== 'FST_CSRF_INVALID_TOKEN' && error.code !== 'FST_CSRF_MISSING_SECRET') return undefined;
  return 'This form has expired or was not sent from this site. Go back, reload the page and send it again.';
}
