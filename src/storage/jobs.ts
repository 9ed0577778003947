import { sql } from 'kysely';
import type { DB } from './database.js';
import { capabilitiesOf, isUniqueViolation } from './engine.js';
import type { JobRow } from './schema.js';

export interface NewJob {
  id: string;
  organizationId: string;
  kind: string;
  targetId: string;
  runAfter: string;
  /** Coalescing never moves the start past this. */
  runBy: string;
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
      run_by: job.runBy,
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
        .doUpdateSet({
          // CASE rather than min()/least(): the same SQL on SQLite and PostgreSQL.
          run_after: sql`case when excluded.run_after < jobs.run_by then excluded.run_after else jobs.run_by end`,
          updated_at: (eb) => eb.ref('excluded.updated_at'),
          // A new edit gets its own tries, not what is left of a failing retry's.
          attempts: 0,
          last_error: null,
        }),
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
  // A job whose workers kept dying has used its tries like any failing job.
  await db
    .updateTable('jobs')
    .set({ status: 'failed', last_error: 'The worker running it stopped without finishing, on every try.', lease_owner: null, lease_until: null, updated_at: now })
    .where('status', '=', 'running')
    .where('lease_until', '<', now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .execute();
  // Unqualified names: the candidate in the subquery, the row itself in the update's recheck.
  const due = sql<boolean>`((status = 'queued' and run_after <= ${now}) or (status = 'running' and lease_until < ${now}))`;
  let next = db
    .selectFrom('jobs as candidate')
    .select('candidate.id')
    .where(due)
    // One run per target at a time: a newer run waits until the one in hand is done or dead.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('jobs as busy')
            .select('busy.id')
            .whereRef('busy.kind', '=', 'candidate.kind')
            .whereRef('busy.target_id', '=', 'candidate.target_id')
            .whereRef('busy.id', '!=', 'candidate.id')
            .where('busy.status', '=', 'running')
            .where('busy.lease_until', '>=', now),
        ),
      ),
    )
    .orderBy('candidate.run_after')
    .limit(1);
  // SQLite runs one writer at a time, so the statement below is atomic as it stands. PostgreSQL runs
  // them side by side: a worker skips the rows another is claiming, instead of waiting for it and
  // then claiming the same job again.
  if (capabilitiesOf(db).skipLocked) next = next.forUpdate().skipLocked();
  return db
    .updateTable('jobs')
    .set({ status: 'running', lease_owner: owner, lease_until: leaseUntil, attempts: sql`attempts + 1`, updated_at: now })
    .where('id', '=', next)
    .where(due)
    .returningAll()
    .executeTakeFirst();
}

/** Keeps a long run ours; false when the lease was lost (another worker took the job). */
export async function renewLease(db: DB, id: string, owner: string, leaseUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** False when the lease was lost meanwhile: then the job is another worker's to finish. */
export async function completeJob(db: DB, id: string, owner: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'completed', completed_at: now, lease_owner: null, lease_until: null, last_error: null, updated_at: now })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
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
    if (!isUniqueViolation(err)) throw err;
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
