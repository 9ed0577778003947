import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  recordIdempotentEffect,
  releaseIdempotencyKey,
  type IdempotencyScope,
} from '../../storage/idempotency-keys.js';
import type { IdempotentEffect } from '../../domain/records/context.js';
import type { AppContext } from '../context.js';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

interface Claim {
  scope: IdempotencyScope;
  token: string;
  recovered: { id: string; requestHash: string } | undefined;
  /** This request's hash, to tell whether it matches the one whose record it recovers. */
  requestHash: string;
  /** Set when the handler answered with what the earlier try created: the answer is a replay. */
  answeredWithRecovered: boolean;
  /** Set while a failure must leave the key held (IdempotentEffect.holdOnFailure). */
  holdOnFailure: boolean;
}

const claims = new WeakMap<FastifyRequest, Claim>();

/** The request's hold on its idempotency key, for a create to note its record under it. */
export function idempotentEffectOf(request: FastifyRequest): IdempotentEffect | undefined {
  const claim = claims.get(request);
  if (!claim) return undefined;
  return {
    recovered: claim.recovered?.id,
    record: (trx, id) => recordIdempotentEffect(trx, claim.scope, claim.token, id),
    answeredWithRecovered: () => {
      claim.answeredWithRecovered = true;
    },
    holdOnFailure: (hold) => {
      claim.holdOnFailure = hold;
    },
  };
}

/** What a repeat must match to count as the same request: method, path and body. */
function requestHash(request: FastifyRequest): string {
  let body: string;
  try {
    body = JSON.stringify(request.body ?? null);
  } catch {
    // Only a body nested past the stack's depth fails to serialize; no route accepts one.
    throw new DomainError('invalid_type', 'The request body is nested too deeply.', 'body');
  }
  return createHash('sha256').update(`${request.method} ${request.url.split('?')[0]}\n${body}`).digest('hex');
}

/**
 * A completed request's status and body are kept 24 h per organization and operation and
 * replayed byte for byte; a request still running holds the key; a failure frees it.
 */
export const idempotencyPlugin = fp<{ ctx: AppContext }>(
  async (app, { ctx }) => {
    const db = ctx.storage.db;

    // preValidation, not preHandler: a repeat with a different body still replays the stored response.
    app.addHook('preValidation', async (request, reply) => {
      const api = request.routeOptions.config.api;
      const header = request.headers['idempotency-key'];
      if (!api?.idempotent || !request.principal || typeof header !== 'string' || header === '') return;
      if (header.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
        throw new DomainError(
          'idempotency_key_too_long',
          `Idempotency-Key must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters; got ${header.length}.`,
          'Idempotency-Key',
        );
      }
      const split = api.namespaceParam ? (request.params as Record<string, string>)[api.namespaceParam] : undefined;
      const namespace = split === undefined ? api.operation : `${api.operation}:${split}`;
      const scope = { organizationId: request.principal.organizationId, namespace, key: header };
      const hash = requestHash(request);
      const claim = await claimIdempotencyKey(db, scope, {
        requestHash: hash,
        now: ctx.clock.now(),
        lockMs: ctx.config.idempotencyLockMs,
        retentionMs: IDEMPOTENCY_RETENTION_MS,
      });
      if (claim.kind === 'in_flight') {
        throw new DomainError('idempotency_conflict', 'An operation with this idempotency key is already in progress. Please wait and retry.');
      }
      if (claim.kind === 'completed') {
        reply.header('Idempotent-Replayed', 'true');
        if (claim.requestHash !== hash) reply.header('Idempotent-Body-Mismatch', 'true');
        return reply.code(claim.response.status).header('content-type', claim.response.contentType).send(claim.response.body);
      }
      claims.set(request, { scope, token: claim.token, recovered: claim.recovered, requestHash: hash, answeredWithRecovered: false, holdOnFailure: false });
    });

    // onSend runs before the first byte leaves: a client that saw the response finds it stored.
    app.addHook('onSend', async (request, reply, payload) => {
      const claim = claims.get(request);
      if (!claim) return payload;
      claims.delete(request);
      // An earlier try created its record and died before answering; this one answered with it.
      if (claim.answeredWithRecovered) {
        reply.header('Idempotent-Replayed', 'true');
        if (claim.recovered?.requestHash !== claim.requestHash) reply.header('Idempotent-Body-Mismatch', 'true');
      }
      const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
      if (reply.statusCode >= 400 && claim.holdOnFailure) {
        // Held until its lock expires; the retry that takes it over then finds what this one began.
      } else if (reply.statusCode >= 400 || body === undefined) {
        // Failing to free the key (a full disk again) must not replace the answer: it stays held
        // until its lock expires, as if this process had died, and a retry then takes it over.
        await releaseIdempotencyKey(db, claim.scope, claim.token).catch((err: unknown) => {
          ctx.storage.health.markFaulted(err);
          request.log.error({ err }, 'releasing an idempotency key failed');
        });
      } else {
        const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
        // The write itself committed: it is answered even when its answer cannot be stored (the
        // disk filled up in between). The key stays running, as after a crash: a retry once the
        // lock expires finds what this one did (a create answers its record, never makes another).
        await completeIdempotencyKey(db, claim.scope, claim.token, { status: reply.statusCode, contentType, body }).catch((err: unknown) => {
          ctx.storage.health.markFaulted(err);
          request.log.error({ err }, 'storing the idempotent answer failed; a retry recovers the write once the key lock expires');
        });
      }
      return payload;
    });
    // A request that never reaches onSend keeps its key until the lock expires: releasing it earlier
    // (say, when the client disconnects) would let a retry run while the first is still working.
  },
  { name: 'fieldhouse-idempotency', dependencies: ['fieldhouse-auth'] },
);
