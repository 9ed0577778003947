import type { FastifyRequest } from 'fastify';
import { grants, type Scope } from '../domain/access/scopes.js';
import { DomainError } from '../domain/errors.js';
import { principalOf } from './record-context.js';

/** For routes whose scope depends on what they find (a merge's type, a run's record): every one is needed. */
export function requireScopes(request: FastifyRequest, scopes: readonly Scope[]): void {
  const missing = scopes.find((scope) => !grants(principalOf(request).scopes, scope));
  if (missing) throw new DomainError('forbidden', `Token does not have the '${missing}' scope.`);
}
