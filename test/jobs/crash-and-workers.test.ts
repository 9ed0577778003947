import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../src/domain/clock.js';
import { builtinType } from '../../src/domain/objects.js';
import { createRecord } from '../../src/domain/records/create-record.js';
import type { Storage } from '../../src/storage/database.js';
import { startServerProcess, spawnCli } from '../helpers/processes.js';
import { API_VERSION } from '../helpers/server.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { until } from '../helpers/until.js';

const KEY_LINE = /^API key: (sk_lf_[0-9A-Za-z]+)$/m;

async function jobsByStatus(storage: Storage): Promise<Record<string, number>> {
  const rows = await storage.db.selectFrom('jobs').select(['status']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

describe('durable summary jobs across real processes', () => {
  it('SIGKILL mid-way through 100 summaries: after a restart every opportunity has exactly one completed run', async () => {
    const database = await createTestDatabase('fieldhouse-crash-');
    // A short debounce: the worker runs during the creates, and the last ones are surely not done when the kill comes.
    const env = { ...database.env, FIELDHOUSE_SUMMARY_DEBOUNCE_MS: '300', FIELDHOUSE_JOB_LEASE_MS: '1500', FIELDHOUSE_RATE_LIMIT: '0' };
    let server = await startServerProcess(env);
    const key = KEY_LINE.exec(server.output())![1]!;
    const call = (url: string, pathname: string, json?: unknown) =>
      fetch(url + pathname, {
        method: json ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION, 'content-type': 'application/json' },
        body: json ? JSON.stringify(json) : undefined,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    try {
      const account = await call(server.url, '/v1/accounts', { fields: { $name: 'Crashy' } });
      const ids: string[] = [];
      for (let i = 0; i < 100; i++) {
        const res = await call(server.url, '/v1/opportunities', { fields: { $name: `Deal ${i}`, $stage: 'Demo' }, relationships: { $account: account.body.id } });
        assert.equal(res.status, 200);
        ids.push(res.body.id);
      }
      server.child.kill('SIGKILL');
      await server.exited;

      const storage = await database.open();
      try {
        const atCrash = await jobsByStatus(storage);
        assert.equal(Object.values(atCrash).reduce((a, b) => a + b, 0), 100, 'every acknowledged create left its job');
        assert.ok((atCrash.completed ?? 0) < 100, `the worker had not finished: ${JSON.stringify(atCrash)}`);

        server = await startServerProcess(env);
        await until('all summaries', async () => ((await jobsByStatus(storage)).completed ?? 0) === 100);
        const jobs = await storage.db.selectFrom('jobs').selectAll().execute();
        assert.equal(jobs.length, 100, 'no run was duplicated');
        assert.deepEqual(new Set(jobs.map((j) => j.target_id)), new Set(ids), 'no opportunity was lost');
        for (let offset = 0; offset < 100; offset += 25) {
          const page = await call(server.url, `/v1/opportunities?limit=25&offset=${offset}`);
          for (const opp of page.body.data) assert.ok(opp.fields.$summary.value, `${opp.id} has its summary`);
        }
      } finally {
        await storage.close();
      }
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGTERM');
      await server.exited;
      await database.drop();
    }
  });

  it('two worker processes on one database run 500 jobs, none twice', async () => {
    const database = await createTestDatabase('fieldhouse-workers-');
    const env = { ...database.env, FIELDHOUSE_SUMMARY_DEBOUNCE_MS: '0' };
    const storage = await database.open();
    try {
      const { createOrganization } = await import('../../src/domain/organizations.js');
      const created = await createOrganization(storage.db, { name: 'Busy', admin: { email: 'a@busy.test', firstName: 'A', lastName: 'B' }, now: new Date() });
      const ctx = {
        db: storage.db,
        organizationId: created.organization.id,
        memberId: created.admin.id,
        now: new Date(),
        settings: { publicUrl: 'http://localhost', defaultRegion: 'US', currency: 'USD', jobs: { debounceMs: 0, maxAttempts: 5 } },
      };
      const account = await createRecord({ ...ctx, now: systemClock.now() }, builtinType('account'), { fields: { $name: 'Many deals' } });
      for (let i = 0; i < 500; i++) {
        await createRecord({ ...ctx, now: systemClock.now() }, builtinType('opportunity'), { fields: { $name: `D${i}`, $stage: 'Demo' }, relationships: { $account: account.id } });
      }
      assert.equal((await jobsByStatus(storage)).queued, 500);

      const workers = [spawnCli(['worker'], env), spawnCli(['worker'], env)];
      await until('500 completed jobs', async () => ((await jobsByStatus(storage)).completed ?? 0) === 500);
      for (const w of workers) w.child.kill('SIGTERM');
      const codes = await Promise.all(workers.map((w) => w.exited));
      assert.deepEqual(codes, [0, 0], 'both stop cleanly on SIGTERM');

      const runs = workers.map((w) =>
        w
          .output()
          .split('\n')
          .filter((l) => l.includes('"job completed"'))
          .map((l) => JSON.parse(l).job as string),
      );
      const all = runs.flat();
      assert.equal(all.length, 500, 'each job completed once, in one worker');
      assert.equal(new Set(all).size, 500);
      assert.ok(runs.every((r) => r.length > 0), `both workers took jobs: ${runs.map((r) => r.length).join(' + ')}`);
      const jobs = await storage.db.selectFrom('jobs').select(['attempts']).execute();
      assert.ok(jobs.every((j) => j.attempts === 1), 'no job was started twice');
    } finally {
      await storage.close();
      await database.drop();
    }
  });
});
