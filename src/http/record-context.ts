import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../domain/access/api-keys.js';
import { grants } from '../domain/access/scopes.js';
import { DomainError } from '../domain/errors.js';
import type { RecordContext, RecordSettings } from '../domain/records/context.js';
import type { AppContext } from './context.js';
import { idempotentEffectOf } from './plugins/idempotency.js';

export function principalOf(request: FastifyRequest): Principal {
  // The auth hook runs before every /v1 handler; a handler without it is a wiring bug.
  if (!request.principal) throw new DomainError('internal', 'Request reached a handler without authentication.');
  return request.principal;
}

/**
 * Runs a record write and names the workflow runs it queued in `Fieldhouse-Workflow-Run`
 * (a header, since the response schemas forbid extra body keys).
 */
export async function writeNamingRuns<T>(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, write: (rc: RecordContext) => Promise<T>): Promise<T> {
  const rc = { ...recordContext(ctx, request), workflowRuns: [] as string[] };
  const result = await write(rc);
  if (rc.workflowRuns.length > 0) reply.header('Fieldhouse-Workflow-Run', [...new Set(rc.workflowRuns)].join(', '));
  return result;
}

export function recordSettings(ctx: AppContext): RecordSettings {
  return {
    publicUrl: ctx.publicUrl(),
    defaultRegion: ctx.config.defaultRegion,
    currency: ctx.config.currency,
    jobs: { debounceMs: ctx.config.jobs.debounceMs, maxAttempts: ctx.config.jobs.maxAttempts, enrichment: ctx.config.enrichment.provider !== 'off' },
  };
}

export function recordContext(ctx: AppContext, request: FastifyRequest): RecordContext {
  const principal = principalOf(request);
  return {
    db: ctx.storage.db,
    organizationId: principal.organizationId,
    memberId: principal.memberId,
    admin: grants(principal.scopes, 'admin'),
    now: ctx.clock.now(),
    settings: recordSettings(ctx),
    idempotency: idempotentEffectOf(request),
    objectTypes: ctx.objectTypes,
  };
}
