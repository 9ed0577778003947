import type { DB } from './database.js';
import type { IdempotencyKeyRow } from './schema.js';

export interface IdempotencyScope {
  organizationId: string;
  namespace: string;
  key: string;
}

export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

export type ClaimResult =
  /**
   * This request owns the key; `token` proves it when completing or releasing. `recovered` is what
   * an earlier try under the key created before its process died without answering.
   */
  | { kind: 'claimed'; token: string; recovered?: { id: string; requestHash: string } }
  | { kind: 'completed'; response: StoredResponse; requestHash: string }
  | { kind: 'in_flight' };

export interface ClaimOptions {
  requestHash: string;
  now: Date;
  lockMs: number;
  retentionMs: number;
}

function whereScope(scope: IdempotencyScope) {
  return <Q extends { where: (...args: any[]) => Q }>(q: Q): Q =>
    q
      .where('organization_id', '=', scope.organizationId)
      .where('namespace', '=', scope.namespace)
      .where('key', '=', scope.key);
}

/**
 * Takes the key for this request, or says why not. The insert and the conditional takeover are
 * single statements, so two processes on one database never both claim the same key.
 */
export async function claimIdempotencyKey(db: DB, scope: IdempotencyScope, options: ClaimOptions): Promise<ClaimResult> {
  const now = options.now.toISOString();
  const lockedUntil = new Date(options.now.getTime() + options.lockMs).toISOString();
  const fresh = {
    state: 'running' as const,
    request_hash: options.requestHash,
    locked_until: lockedUntil,
    response_status: null,
    response_content_type: null,
    response_body: null,
    created_at: now,
    effect_ref: null,
  };
  const scoped = whereScope(scope);
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ organization_id: scope.organizationId, namespace: scope.namespace, key: scope.key, ...fresh })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { kind: 'claimed', token: now };

    const row: IdempotencyKeyRow | undefined = await scoped(db.selectFrom('idempotency_keys').selectAll()).executeTakeFirst();
    if (!row) continue; // released between our insert and read: try again
    const expired = Date.parse(row.created_at) + options.retentionMs <= options.now.getTime();
    if (row.state === 'completed' && !expired) {
      return {
        kind: 'completed',
        requestHash: row.request_hash,
        response: { status: row.response_status ?? 200, contentType: row.response_content_type ?? 'application/json', body: row.response_body ?? '' },
      };
    }
    if (row.state === 'running' && row.locked_until > now) return { kind: 'in_flight' };

    // An expired result, or the lock of a request that died: take it over if nobody else did. What
    // the dead request created stays noted, so a second death does not lose it either.
    const recovered = row.state === 'running' && row.effect_ref ? { id: row.effect_ref, requestHash: row.request_hash } : undefined;
    // The key keeps the body of the request that created its record: a retry is compared with that.
    const taken = await scoped(db.updateTable('idempotency_keys').set({ ...fresh, effect_ref: recovered?.id ?? null, request_hash: recovered?.requestHash ?? fresh.request_hash }))
      .where('state', '=', row.state)
      .where('created_at', '=', row.created_at)
      .where('locked_until', '=', row.locked_until)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return recovered ? { kind: 'claimed', token: now, recovered } : { kind: 'claimed', token: now };
  }
  return { kind: 'in_flight' };
}

/** Notes, in the transaction of the write itself, what the request holding the key created. */
export async function recordIdempotentEffect(db: DB, scope: IdempotencyScope, token: string, ref: string): Promise<void> {
  await whereScope(scope)(db.updateTable('idempotency_keys').set({ effect_ref: ref }))
    .where('state', '=', 'running')
    .where('created_at', '=', token)
    .execute();
}

/**
 * Stores the answer. Lost with the process before it is stored, the key is left running: a
 * create's retry finds the record it made through `effect_ref` (written with the record), an
 * update's retry applies the same change again.
 */
export async function completeIdempotencyKey(db: DB, scope: IdempotencyScope, token: string, response: StoredResponse): Promise<void> {
  await whereScope(scope)(
    db.updateTable('idempotency_keys').set({
      state: 'completed',
      response_status: response.status,
      response_content_type: response.contentType,
      response_body: response.body,
    }),
  )
    .where('state', '=', 'running')
    .where('created_at', '=', token)
    .execute();
}

/** Frees the key after a failed request, so the same key may run again. */
export async function releaseIdempotencyKey(db: DB, scope: IdempotencyScope, token: string): Promise<void> {
  await whereScope(scope)(db.deleteFrom('idempotency_keys')).where('state', '=', 'running').where('created_at', '=', token).execute();
}

export async function purgeIdempotencyKeys(db: DB, createdBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', createdBefore.toISOString())
    .where('state', '=', 'completed')
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
