import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';

/**
 * Refuses a form post another site made a browser send. Browsers say where a request comes from
 * (`Sec-Fetch-Site`, else `Origin`); a post from elsewhere is refused before it changes anything.
 * A client that sends neither is no browser, so no other site can be driving it.
 */
export function assertSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin' || site === 'none') return;
    throw new DomainError('forbidden', 'This form can only be sent from this site.');
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const host = request.headers.host;
  if (typeof origin === 'string' && URL.canParse(origin) && host !== undefined && new URL(origin).host === host) return;
  throw new DomainError('forbidden', 'This form can only be sent from this site.');
}
