import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { until } from '../helpers/until.js';

describe('answers leave only once what they may have seen is durable', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('holds a write, its idempotent replay and a read until storage.durable() resolves', async () => {
    const storage = t.server.storage;
    const real = storage.durable;
    let calls = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const keyStates: Array<string | undefined> = [];
    storage.durable = async () => {
      calls++;
      // What the wait must cover: the idempotent answer is stored before it.
      const row = await storage.db.selectFrom('idempotency_keys').select('state').where('key', '=', 'held-once').executeTakeFirst();
      keyStates.push(row?.state);
      await gate;
    };
    try {
      let answered = false;
      const create = t.request({ path: '/v1/accounts', json: { fields: { $name: 'Held Corp' } }, headers: { 'idempotency-key': 'held-once' } }).finally(() => (answered = true));
      // The stub reads the key's state before it waits: on PostgreSQL that read takes a round trip.
      await until('the create to ask for durability', () => keyStates.length === 1);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(answered, false, 'no byte of the answer before its write is durable');
      assert.deepEqual(keyStates, ['completed'], 'the stored answer is among what the wait covers');
      open();
      const created = await create;
      assert.equal(created.status, 200);
      const replay = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Held Corp' } }, headers: { 'idempotency-key': 'held-once' } });
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      const read = await t.request({ method: 'GET', path: `/v1/accounts/${created.body.id}` });
      assert.equal(read.status, 200);
      assert.equal(calls, 3, 'the replay and the read asked too');
    } finally {
      storage.durable = real;
      // A failed assertion must not leave the held request waiting until the server stops.
      open();
    }
  });

  it('answers 503, not the write, when the disk refuses it, and is not ready until a write reaches the disk', async () => {
    const storage = t.server.storage;
    const real = storage.durable;
    storage.durable = async () => {
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    };
    try {
      const res = await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Lost Corp' } } });
      assert.equal(res.status, 503);
      assert.equal(res.body.error.type, 'service_unavailable');
      assert.equal((await fetch(`${t.url}/readyz`)).status, 503, 'not ready while the disk refuses syncs');
    } finally {
      storage.durable = real;
    }
    assert.equal((await fetch(`${t.url}/readyz`)).status, 200, 'ready once a write reaches the disk again');
  });
});
