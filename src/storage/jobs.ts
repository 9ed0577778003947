import { sql } from 'kysely';
import type { DB } from './database.js';
import type { JobRow } from './schema.js';

export interface NewJob {
  id: string;
  organizationId: string;
  kind: string;
  targetId: string;
  runAfter: string;
  maxAttempts: number;
  now: string;
}

/**
 * Queues a job, or folds it into the one already waiting for the same target (its start moves
 * to `runAfter`). Returns the id of the job that will run.
 */
export async function enqueueJob(db: DB, job: NewJob): Promise<string> {
  const row = await db
    .insertInto('jobs')
    .values({
      id: job.id,
      organization_id: job.organizationId,
      kind: job.kind,
      target_id: job.targetId,
      status: 'queued',
      attempts: 0,
      max_attempts: job.maxAttempts,
      run_after: job.runAfter,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      created_at: job.now,
      updated_at: job.now,
      completed_at: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['kind', 'target_id'])
        // A literal, as in the partial index: SQLite matches a conflict target's WHERE to the index's as written.
        .where(sql<boolean>`"status" = 'queued'`)
        .doUpdateSet({ run_after: (eb) => eb.ref('excluded.run_after'), updated_at: (eb) => eb.ref('excluded.updated_at') }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Takes the next due job for `owner`: a queued one whose time has come, or a running one whose
 * lease ran out (its worker died). One statement, so two workers never take the same job.
 */
export async function claimJob(db: DB, owner: string, now: string, leaseUntil: string): Promise<JobRow | undefined> {
  const next = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) => eb.or([eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]))
    .orderBy('run_after')
    .limit(1);
  return db
    .updateTable('jobs')
    .set({ status: 'running', lease_owner: owner, lease_until: leaseUntil, attempts: sql`attempts + 1`, updated_at: now })
    .where('id', '=', next)
    .returningAll()
    .executeTakeFirst();
}

export async function completeJob(db: DB, id: string, owner: string, now: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'completed', completed_at: now, lease_owner: null, lease_until: null, last_error: null, updated_at: now })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .execute();
}

/** Records a failure: queued again for `retryAt`, or failed for good when there is none. */
export async function failJob(db: DB, id: string, owner: string, error: string, now: string, retryAt: string | undefined): Promise<void> {
  const update = (changes: Partial<Omit<JobRow, 'id'>>) =>
    db.updateTable('jobs').set(changes).where('id', '=', id).where('lease_owner', '=', owner).where('status', '=', 'running').execute();
  const failed = { status: 'failed' as const, last_error: error, lease_owner: null, lease_until: null, updated_at: now };
  if (retryAt === undefined) {
    await update(failed);
    return;
  }
  try {
    await update({ status: 'queued', run_after: retryAt, last_error: error, lease_owner: null, lease_until: null, updated_at: now });
  } catch (err) {
    // Another run for the same target is already waiting; it will use newer data than this retry would.
    if (!String((err as { code?: string }).code ?? '').includes('CONSTRAINT')) throw err;
    await update({ ...failed, last_error: `${error} (superseded by a newer run)` });
  }
}

/** Gives back the leases of a stopping worker: its jobs are due again at once. */
export async function releaseLeases(db: DB, owner: string, now: string): Promise<void> {
  await db.updateTable('jobs').set({ lease_until: now, updated_at: now }).where('lease_owner', '=', owner).where('status', '=', 'running').execute();
}

export async function findJob(db: DB, organizationId: string, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}
