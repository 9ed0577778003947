import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openSqlite } from '../../src/storage/database.js';
import { writeTransaction } from '../../src/storage/transactions.js';
import { WalFile, WalSync } from '../../src/storage/wal-sync.js';
import { TEST_ENGINE } from '../helpers/test-database.js';

/** An fsync the test finishes by hand. */
function heldSyncs() {
  const calls: Array<{ done: () => void; fail: (err: Error) => void }> = [];
  const sync = () => new Promise<void>((resolve, reject) => calls.push({ done: resolve, fail: reject }));
  return { calls, sync };
}

const settled = async (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(() => (state = 'resolved'), () => (state = 'rejected'));
  // Let every callback already queued run first.
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('WalSync: answers wait for an fsync that began after their writes', () => {
  it('syncs nothing when nothing was written', async () => {
    const held = heldSyncs();
    await new WalSync(held.sync).durable();
    assert.equal(held.calls.length, 0);
  });

  it('shares one fsync among callers whose writes came before it', async () => {
    const held = heldSyncs();
    const wal = new WalSync(held.sync);
    wal.written();
    wal.written();
    const a = wal.durable();
    const b = wal.durable();
    assert.equal(await settled(a), 'pending');
    assert.equal(held.calls.length, 1);
    held.calls[0]!.done();
    await Promise.all([a, b]);
    assert.equal(held.calls.length, 1);
    await wal.durable();
    assert.equal(held.calls.length, 1, 'nothing new to sync');
  });

  it('does not let an fsync that began before a write answer for it', async () => {
    const held = heldSyncs();
    const wal = new WalSync(held.sync);
    wal.written();
    const early = wal.durable();
    wal.written();
    const late = wal.durable();
    held.calls[0]!.done();
    await early;
    assert.equal(await settled(late), 'pending');
    assert.equal(held.calls.length, 2, 'a second fsync started for the later write');
    held.calls[1]!.done();
    await late;
  });

  it('fails every later answer once a sync failed: a later sync that succeeds proves nothing', async () => {
    const held = heldSyncs();
    const wal = new WalSync(held.sync);
    wal.written();
    const failed = wal.durable();
    held.calls[0]!.fail(new Error('EIO'));
    await assert.rejects(failed, /write-ahead log .* failed; restart fieldhouse\. EIO/);
    await assert.rejects(wal.durable(), /restart fieldhouse/);
    wal.written();
    await assert.rejects(wal.durable(), /restart fieldhouse/);
    assert.equal(held.calls.length, 1, 'no sync is tried again');
  });
});

describe('SQLite opened to sync before answering', { skip: TEST_ENGINE !== 'sqlite' && 'SQLite only' }, () => {
  const open = (durability: 'commit' | 'answer', syncWal?: (walPath: string) => Promise<void>) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-walsync-'));
    return { dataDir, storage: openSqlite(dataDir, { durability, syncWal }) };
  };
  const synchronous = async (storage: ReturnType<typeof openSqlite>) => (await sql<{ synchronous: number }>`pragma synchronous`.execute(storage.db)).rows[0]!.synchronous;

  it('commits without an fsync, and fsyncs the WAL for writes only, once per group', async () => {
    const walPaths: string[] = [];
    const { dataDir, storage } = open('answer', async (walPath) => void walPaths.push(walPath));
    try {
      assert.equal(await synchronous(storage), 1, 'NORMAL');
      await sql`create table t (v integer)`.execute(storage.db);
      await sql`insert into t values (1)`.execute(storage.db);
      await Promise.all([storage.durable(), storage.durable()]);
      assert.deepEqual(walPaths, [path.join(dataDir, 'fieldhouse.db-wal')]);
      await sql`select * from t`.execute(storage.db);
      await storage.durable();
      assert.equal(walPaths.length, 1, 'a read needs no fsync');
      await storage.db.transaction().execute(async (trx) => {
        await sql`insert into t values (2)`.execute(trx);
      });
      await storage.durable();
      assert.equal(walPaths.length, 2, 'a write in a transaction counts');
    } finally {
      await storage.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('counts a COMMIT: a sync that began before it does not answer for the transaction', async () => {
    const held = heldSyncs();
    const { dataDir, storage } = open('answer', held.sync);
    try {
      await sql`create table t (v integer)`.execute(storage.db);
      const first = storage.durable();
      held.calls[0]!.done();
      await first;
      let early!: Promise<void>;
      await writeTransaction(storage.db, 'org', async (trx) => {
        await sql`insert into t values (1)`.execute(trx);
        // Another request asks for durability after the insert, before the commit.
        early = storage.durable();
      });
      const writer = storage.durable();
      held.calls[1]!.done();
      await early;
      assert.equal(await settled(writer), 'pending', 'the sync that began before the COMMIT does not cover it');
      assert.equal(held.calls.length, 3);
      held.calls[2]!.done();
      await writer;
    } finally {
      const closing = storage.close();
      for (const call of held.calls) call.done();
      await closing;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('syncs the WAL beside the real file when the database file is a symlink', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-walsync-'));
    const realDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-walsync-real-'));
    // A link to a file yet to be made: a new install (an existing empty file is refused as damaged).
    fs.symlinkSync(path.join(realDir, 'fieldhouse.db'), path.join(dataDir, 'fieldhouse.db'));
    const walPaths: string[] = [];
    const storage = openSqlite(dataDir, { durability: 'answer', syncWal: async (walPath) => void walPaths.push(walPath) });
    try {
      await sql`create table t (v integer)`.execute(storage.db);
      await storage.durable();
      assert.deepEqual(walPaths, [path.join(fs.realpathSync(realDir), 'fieldhouse.db-wal')]);
      assert.ok(fs.existsSync(walPaths[0]!), 'SQLite wrote its WAL there');
    } finally {
      await storage.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(realDir, { recursive: true, force: true });
    }
  });

  it('refuses to call a missing WAL synced', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-walsync-'));
    const wal = new WalFile(path.join(dir, 'gone.db-wal'));
    try {
      await assert.rejects(wal.sync(), { code: 'ENOENT' });
    } finally {
      await wal.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
