import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Storage } from '../../src/storage/database.js';
import { claimJob, completeJob, enqueueJob, failJob } from '../../src/storage/jobs.js';
import { startWorker } from '../../src/jobs/worker.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const at = (ms: number) => new Date(Date.parse('2026-03-01T12:00:00.000Z') + ms).toISOString();
let n = 0;
const job = (targetId: string, runAfter: string, extra: { runBy?: string; maxAttempts?: number } = {}) => ({
  id: `wfr_${String(++n).padStart(26, '0')}`,
  organizationId: 'org_1',
  kind: 'summary',
  targetId,
  runAfter,
  runBy: extra.runBy ?? at(3_600_000),
  maxAttempts: extra.maxAttempts ?? 5,
  now: at(0),
});
const silent = { info() {}, warn() {}, error() {} };

describe('the job queue', () => {
  let database: TestDatabase;
  let storage: Storage;
  before(async () => {
    database = await createTestDatabase('fieldhouse-queue-');
    storage = await database.open();
  });
  beforeEach(async () => {
    await storage.db.deleteFrom('jobs').execute();
  });
  after(async () => {
    await storage.close();
    await database.drop();
  });

  it('runs one job per target at a time: a newer run waits for the one in hand', async () => {
    const db = storage.db;
    const first = await enqueueJob(db, job('opp_a', at(0)));
    const claimed = await claimJob(db, 'A', at(1), at(60_000));
    assert.equal(claimed?.id, first);
    const second = await enqueueJob(db, job('opp_a', at(2)));
    assert.notEqual(second, first, 'an edit during a run queues a new run');
    assert.equal(await claimJob(db, 'B', at(5_000), at(65_000)), undefined, 'B may not start it while A runs the same target');
    assert.equal(await completeJob(db, first, 'A', at(6_000)), true);
    assert.equal((await claimJob(db, 'B', at(7_000), at(67_000)))?.id, second);
    await completeJob(db, second, 'B', at(8_000));
  });

  it('fails a job whose workers died on every try, instead of retrying it forever', async () => {
    const db = storage.db;
    const id = await enqueueJob(db, job('opp_b', at(0), { maxAttempts: 2 }));
    assert.equal((await claimJob(db, 'A', at(10), at(1_000)))?.attempts, 1);
    assert.equal((await claimJob(db, 'B', at(2_000), at(3_000)))?.attempts, 2, 'the dead worker\'s job runs again after its lease');
    assert.equal(await claimJob(db, 'C', at(4_000), at(5_000)), undefined);
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'failed');
    assert.match(row.last_error ?? '', /stopped without finishing/);
  });

  it('folds a burst into one run whose start moves back, but never past its bound', async () => {
    const db = storage.db;
    let id: string | undefined;
    for (let i = 0; i < 40; i++) {
      const next = await enqueueJob(db, { ...job('opp_c', at(i * 50 + 100), { runBy: at(1_000) }), now: at(i * 50) });
      id ??= next;
      assert.equal(next, id, 'every edit names the same run');
    }
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    assert.equal(row.run_after, at(1_000));
  });

  it('gives a new edit fresh tries when it folds into a failing retry', async () => {
    const db = storage.db;
    const id = await enqueueJob(db, job('opp_d', at(0)));
    for (let i = 1; i <= 3; i++) {
      await claimJob(db, 'A', at(i * 10_000), at(i * 10_000 + 5_000));
      await failJob(db, id, 'A', 'boom', at(i * 10_000 + 1), at(i * 10_000 + 2));
    }
    assert.equal((await db.selectFrom('jobs').select('attempts').where('id', '=', id).executeTakeFirstOrThrow()).attempts, 3);
    assert.equal(await enqueueJob(db, job('opp_d', at(50_000))), id);
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.attempts, row.last_error], [0, null]);
  });

  it('renews the lease of a run longer than it, so a second worker never starts the same job', async () => {
    const db = storage.db;
    const clock = { now: () => new Date() };
    await enqueueJob(db, { ...job('opp_e', new Date(Date.now() - 1000).toISOString()), now: new Date().toISOString() });
    const starts: string[] = [];
    const handler = async (j: { id: string }) => {
      starts.push(j.id);
      await new Promise((r) => setTimeout(r, 2_500));
    };
    // A run of 2.5 s against a 1 s lease renewed every third of it: a stall of half a second still keeps it.
    const jobs = { debounceMs: 0, backoffMs: 10, maxAttempts: 3, leaseMs: 1_000 };
    const workers = [0, 1].map(() => startWorker({ db, clock, log: silent, handlers: { summary: handler }, jobs, leaseMs: 1_000, pollMs: 20 }));
    for (let i = 0; i < 100 && starts.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 3_000));
    await Promise.all(workers.map((w) => w.stop()));
    assert.equal(starts.length, 1, `started ${starts.length} times`);
  });
});
