import type { FastifyRequest } from 'fastify';
import type { Principal } from '../domain/access/api-keys.js';
import { DomainError } from '../domain/errors.js';
import type { RecordContext } from '../domain/records/context.js';
import type { AppContext } from './context.js';

export function principalOf(request: FastifyRequest): Principal {
  // The auth hook runs before every /v1 handler; a handler without it is a wiring bug.
  if (!request.principal) throw new DomainError('internal', 'Request reached a handler without authentication.');
  return request.principal;
}

export function recordContext(ctx: AppContext, request: FastifyRequest): RecordContext {
  const principal = principalOf(request);
  return {
    db: ctx.storage.db,
    organizationId: principal.organizationId,
    memberId: principal.memberId,
    now: ctx.clock.now(),
    settings: { publicUrl: ctx.publicUrl(), defaultRegion: ctx.config.defaultRegion, currency: ctx.config.currency },
  };
}
