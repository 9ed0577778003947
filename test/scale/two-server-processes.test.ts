import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Storage } from '../../src/storage/database.js';
import { startServerProcess, type ServerProcess } from '../helpers/processes.js';
import { API_VERSION } from '../helpers/server.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../helpers/test-database.js';
import { until } from '../helpers/until.js';

const KEY_LINE = /^API key: (sk_lf_[0-9A-Za-z]+)$/m;

interface Reply {
  status: number;
  body: any;
}

function client(key: string) {
  return (url: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
    fetch(url + path, {
      method: json === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION, 'content-type': 'application/json', ...headers },
      body: json === undefined ? undefined : JSON.stringify(json),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

/** Two `fieldhouse serve` processes on one database; the first one's first-start key works on both. */
async function startPair(database: TestDatabase, env: Record<string, string>) {
  const first = await startServerProcess({ ...database.env, ...env });
  const key = KEY_LINE.exec(first.output())?.[1];
  assert.ok(key, first.output());
  const second = await startServerProcess({ ...database.env, ...env });
  assert.doesNotMatch(second.output(), /API key:/, 'the second process finds the organization made by the first');
  return { servers: [first, second], key, call: client(key) };
}

async function stopAll(servers: ServerProcess[]): Promise<void> {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.exited));
}

describe(`two server processes on one ${TEST_ENGINE} database`, () => {
  let database: TestDatabase;
  let storage: Storage;
  let servers: ServerProcess[] = [];
  let call: ReturnType<typeof client>;
  let urls: string[];

  before(async () => {
    database = await createTestDatabase('fieldhouse-pair-');
    // Summaries wait a second after the last edit, so both workers find a queue full of due jobs.
    const pair = await startPair(database, { FIELDHOUSE_RATE_LIMIT: '0', FIELDHOUSE_SUMMARY_DEBOUNCE_MS: '1000' });
    servers = pair.servers;
    call = pair.call;
    urls = servers.map((s) => s.url);
    storage = await database.open();
  });
  after(async () => {
    await stopAll(servers);
    await storage?.close();
    await database?.drop();
  });

  it('runs 20 concurrent requests with one idempotency key, spread over both, once', async () => {
    const headers = { 'idempotency-key': 'spread-over-two' };
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(urls[i % 2]!, '/v1/accounts', { fields: { $name: 'Once Ltd' } }, headers)),
    );
    const done = replies.filter((r) => r.status === 200);
    assert.ok(done.length >= 1);
    assert.equal(new Set(done.map((r) => r.body.id)).size, 1, 'every success names the same account');
    for (const r of replies.filter((r) => r.status !== 200)) {
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'idempotency_conflict');
    }
    const rows = await storage.db.selectFrom('records').select('id').where('object_type', '=', 'account').execute();
    assert.deepEqual(rows.map((r) => r.id), [done[0]!.body.id], 'the handler ran once');
    // Afterwards the key replays from either process.
    for (const url of urls) assert.equal((await call(url, '/v1/accounts', { fields: { $name: 'Once Ltd' } }, headers)).body.id, done[0]!.body.id);
  });

  it('makes one contact of 50 concurrent creates with one email, spread over both', async () => {
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(urls[i % 2]!, '/v1/contacts', { fields: { $email: ['same@two.test'], $name: { firstName: 'P', lastName: String(i) } } })),
    );
    const created = replies.filter((r) => r.status === 200);
    assert.equal(created.length, 1);
    for (const r of replies.filter((r) => r.status !== 200)) {
      assert.deepEqual([r.status, r.body.error.code, r.body.error.param], [409, 'unique_violation', 'fields.$email']);
    }
    const list = await call(urls[1]!, '/v1/contacts?limit=25');
    assert.equal(list.body.totalCount, 1);
  });

  it('runs 500 summary jobs, each once, with both workers live', async () => {
    const account = await call(urls[0]!, '/v1/accounts', { fields: { $name: 'Many Deals' } });
    const ids: string[] = [];
    for (let batch = 0; batch < 50; batch++) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call(urls[i % 2]!, '/v1/opportunities', { fields: { $name: `Deal ${batch * 10 + i}`, $stage: 'Demo' }, relationships: { $account: account.body.id } }),
        ),
      );
      for (const r of replies) {
        assert.equal(r.status, 200, JSON.stringify(r.body));
        ids.push(r.body.id);
      }
    }
    const completed = async () =>
      (await storage.db.selectFrom('jobs').select('id').where('status', '=', 'completed').where('target_id', 'in', ids).execute()).length;
    const loggedRuns = () => servers.map((s) => s.output().split('\n').filter((l) => l.includes('"job completed"')).map((l) => JSON.parse(l).job as string));
    const jobsOf = () => storage.db.selectFrom('jobs').selectAll().where('target_id', 'in', ids).execute();
    await until('500 completed summaries', async () => (await completed()) === 500);
    const jobs = await jobsOf();
    // A worker logs a completion after committing it: the last lines may still be on their way.
    const ranHere = () => loggedRuns().flat().filter((id) => jobs.some((j) => j.id === id));
    await until('500 completions logged', async () => ranHere().length >= 500, 30);
    assert.equal(jobs.length, 500, 'one run per opportunity');
    assert.ok(jobs.every((j) => j.attempts === 1), 'no job was started twice');
    const ran = loggedRuns();
    const all = ranHere();
    assert.equal(all.length, 500, 'each job completed once, in one process');
    assert.equal(new Set(all).size, 500);
    assert.ok(ran.every((r) => r.length > 0), `both workers took jobs: ${ran.map((r) => r.length).join(' + ')}`);
  });
});

describe(`a shared rate limit (${TEST_ENGINE})`, { skip: TEST_ENGINE === 'sqlite' && 'the embedded database keeps its buckets in its one server process (README)' }, () => {
  it('admits 10 a second for an organization across two processes together, not 10 each', async () => {
    const database = await createTestDatabase('fieldhouse-limit-');
    const { servers, call } = await startPair(database, { FIELDHOUSE_RATE_LIMIT: '10', FIELDHOUSE_WORKER: 'off' });
    try {
      const started = Date.now();
      const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => call(servers[i % 2]!.url, '/v1/accounts')));
      const seconds = (Date.now() - started) / 1000;
      const admitted = replies.filter((r) => r.status === 200).length;
      const refused = replies.filter((r) => r.status === 429);
      assert.equal(admitted + refused.length, 40);
      // The burst is 10; the budget refills at 10 a second while the 40 requests are under way.
      assert.ok(admitted >= 10 && admitted <= 10 + Math.ceil(seconds * 10), `admitted ${admitted} in ${seconds} s`);
      assert.ok(admitted < 20, `admitted ${admitted}: two processes must not have 10 each`);
      for (const r of refused) assert.equal(r.body.error.type, 'too_many_requests');
    } finally {
      await stopAll(servers);
      await database.drop();
    }
  });
});

describe(`SIGKILL mid-load (${TEST_ENGINE})`, () => {
  it('loses no acknowledged write and leaves no idempotency key locked past its lock', async () => {
    const database = await createTestDatabase('fieldhouse-kill-');
    const lockMs = 2000;
    const { servers, call } = await startPair(database, { FIELDHOUSE_RATE_LIMIT: '0', FIELDHOUSE_WORKER: 'off', FIELDHOUSE_IDEMPOTENCY_LOCK_MS: String(lockMs) });
    const [victim, survivor] = servers as [ServerProcess, ServerProcess];
    try {
      const body = (i: number) => ({ fields: { $name: `Load ${i}` } });
      const key = (i: number) => ({ 'idempotency-key': `load-${i}` });
      const acknowledged = new Map<number, string>();
      let next = 0;
      let killedAt = 0;
      // Eight clients send creates to the victim; it is killed once 60 are acknowledged, mid-stream.
      const worker = async () => {
        while (next < 400) {
          const i = next++;
          try {
            const r = await call(victim.url, '/v1/accounts', body(i), key(i));
            if (r.status === 200) acknowledged.set(i, r.body.id);
            if (acknowledged.size >= 60 && !killedAt) {
              killedAt = Date.now();
              victim.child.kill('SIGKILL');
            }
          } catch {
            // The connection died with the process: this request was not acknowledged.
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      await victim.exited;
      assert.ok(killedAt > 0 && acknowledged.size >= 60 && acknowledged.size < 400, `killed mid-load after ${acknowledged.size} acknowledged`);
      const sent = Math.min(next, 400);

      // Every acknowledged create is there, and replays from the other process with the same id.
      for (const [i, id] of acknowledged) {
        assert.equal((await call(survivor.url, `/v1/accounts/${id}`)).status, 200, `account ${i} survived`);
        const replay = await call(survivor.url, '/v1/accounts', body(i), key(i));
        assert.equal(replay.body.id, id, `key ${i} replays the acknowledged account`);
      }
      // A key whose request died with the process is free again once its lock has passed.
      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + lockMs + 200 - Date.now())));
      for (let i = 0; i < sent; i++) {
        if (acknowledged.has(i)) continue;
        const retry = await call(survivor.url, '/v1/accounts', body(i), key(i));
        assert.equal(retry.status, 200, `key ${i} after the lock: ${JSON.stringify(retry.body)}`);
      }
      const { stillRunning, names } = await (async () => {
        const storage = await database.open();
        try {
          return {
            stillRunning: await storage.db.selectFrom('idempotency_keys').select('key').where('state', '=', 'running').execute(),
            names: (await storage.db.selectFrom('records').select('fields').where('object_type', '=', 'account').execute()).map(
              (r) => (JSON.parse(r.fields) as { $name: string }).$name,
            ),
          };
        } finally {
          await storage.close();
        }
      })();
      assert.deepEqual(stillRunning, [], 'no key is left locked');
      // Exactly once: a create that committed but died before answering is not made again by its retry.
      const counts = new Map<string, number>();
      for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
      for (let i = 0; i < sent; i++) assert.equal(counts.get(`Load ${i}`), 1, `Load ${i} exists once`);
      assert.equal(names.length, sent);
    } finally {
      await stopAll(servers);
      await database.drop();
    }
  });
});
