import { hostname } from 'node:os';
import type { JobsConfig } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { DB } from '../storage/database.js';
import { claimJob, completeJob, failJob, releaseLeases, renewLease } from '../storage/jobs.js';
import type { JobRow } from '../storage/schema.js';
import { backoffDelay } from './backoff.js';

/** What the worker says: the server's pino logger fits, and so does a JSON-lines writer. */
export interface JobLog {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

/** Runs one claimed job; a thrown error is a failed try. */
export type JobHandler = (job: JobRow) => Promise<void>;

export interface WorkerOptions {
  db: DB;
  clock: Clock;
  log: JobLog;
  handlers: Record<string, JobHandler>;
  jobs: JobsConfig;
  /** How long a claimed job is ours before another worker may take it over. */
  leaseMs?: number;
  /** How often an idle worker looks for due jobs. */
  pollMs?: number;
}

export interface Worker {
  owner: string;
  /** Finishes the job in hand, gives back any lease, and stops. */
  stop(): Promise<void>;
}

export function startWorker(options: WorkerOptions): Worker {
  const { db, clock, log, handlers } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 100;
  const owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
  let running = true;
  let wake: (() => void) | undefined;

  const runOne = async (): Promise<boolean> => {
    const now = clock.now();
    const job = await claimJob(db, owner, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString());
    if (!job) return false;
    const handler = handlers[job.kind];
    // A run longer than its lease keeps renewing it, so no other worker starts the same job meanwhile.
    const renewal = setInterval(() => {
      void renewLease(db, job.id, owner, new Date(clock.now().getTime() + leaseMs).toISOString()).catch(() => undefined);
    }, Math.max(50, Math.floor(leaseMs / 3)));
    try {
      if (!handler) throw new Error(`No handler for jobs of kind '${job.kind}'.`);
      await handler(job);
      const completed = await completeJob(db, job.id, owner, clock.now().toISOString());
      const fields = { job: job.id, kind: job.kind, target: job.target_id, attempt: job.attempts };
      if (completed) log.info(fields, 'job completed');
      else log.warn(fields, 'job finished after its lease was lost; another worker owns it');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const retry = job.attempts < job.max_attempts;
      const at = clock.now();
      const retryAt = retry ? new Date(at.getTime() + backoffDelay(job.attempts, options.jobs.backoffMs)).toISOString() : undefined;
      await failJob(db, job.id, owner, message.slice(0, 2000), at.toISOString(), retryAt);
      log.warn({ job: job.id, kind: job.kind, attempt: job.attempts, retryAt, err: message }, retry ? 'job failed; will retry' : 'job failed for good');
    } finally {
      clearInterval(renewal);
    }
    return true;
  };

  const loop = (async () => {
    while (running) {
      let worked = false;
      try {
        worked = await runOne();
      } catch (err) {
        log.error({ err }, 'worker could not claim or record a job');
      }
      if (!worked && running) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  return {
    owner,
    async stop() {
      running = false;
      wake?.();
      await loop;
      await releaseLeases(db, owner, clock.now().toISOString());
    },
  };
}
