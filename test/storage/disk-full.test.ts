import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { runCli, startServerProcess, type ServerProcess } from '../helpers/processes.js';
import { API_VERSION } from '../helpers/server.js';
import { TEST_ENGINE } from '../helpers/test-database.js';
import { mountTmpfs, tmpfsUnavailable, type Tmpfs } from '../helpers/tmpfs.js';

const KEY_LINE = /^API key: (sk_lf_[0-9A-Za-z]+)$/m;
// The disk here is the embedded database's; PostgreSQL's disk full (53100) is mapped by code alone.
const SKIP = TEST_ENGINE === 'postgres' ? 'a full disk under the embedded database (SQLite leg)' : tmpfsUnavailable();

const ENV = { FIELDHOUSE_WORKER: 'off', FIELDHOUSE_ENRICHMENT_PROVIDER: 'off', FIELDHOUSE_RATE_LIMIT: '0' };

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

function client(server: ServerProcess, key: string) {
  return async (method: string, pathname: string, json?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(server.url + pathname, {
      method,
      headers: { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION, ...(json ? { 'content-type': 'application/json' } : {}), ...headers },
      body: json ? JSON.stringify(json) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
}

async function stop(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  server.child.kill('SIGTERM');
  await server.exited;
}

describe('a full disk under the database', { skip: SKIP }, () => {
  let disk: Tmpfs;
  let server: ServerProcess | undefined;
  before(() => {
    disk = mountTmpfs('16m');
  });
  after(async () => {
    await stop(server);
    disk?.unmount();
  });

  it('answers writes 503 service_unavailable and /readyz 503, until space is freed', async () => {
    server = await startServerProcess({ ...ENV, FIELDHOUSE_DATA_DIR: path.join(disk.dir, 'data'), FIELDHOUSE_IDEMPOTENCY_LOCK_MS: '1000' });
    const call = client(server, KEY_LINE.exec(server.output())![1]!);
    const readyz = () => fetch(`${server!.url}/readyz`).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    assert.equal((await readyz()).status, 200);
    const before = await call('POST', '/v1/notes', { fields: { $title: 'Before the disk filled' } });
    assert.equal(before.status, 200);

    const filler = disk.fill();
    // Each note takes ~100 KB (and its stored answer as much again): the WAL soon needs room the disk has not.
    let refused: { answer: Answer; key: string; json: unknown } | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const json = { fields: { $title: `Note ${i}`, $content: `${i} ${'x'.repeat(99_000)}` } };
      const answer = await call('POST', '/v1/notes', json, { 'idempotency-key': `fill-${i}` });
      if (answer.status !== 200) refused = { answer, key: `fill-${i}`, json };
    }
    assert.ok(refused, 'the disk filled up within 100 notes');
    assert.equal(refused.answer.status, 503, JSON.stringify(refused.answer.body));
    assert.equal(refused.answer.body.error.type, 'service_unavailable');
    assert.match(refused.answer.body.error.message, /disk is full or failing/);

    const notReady = await readyz();
    assert.equal(notReady.status, 503, 'not ready after the disk refused a write');
    assert.equal(notReady.body.error.type, 'service_unavailable');
    assert.equal((await readyz()).status, 503, 'still not ready while the disk is full');
    assert.equal((await call('GET', `/v1/notes/${before.body.id}`)).status, 200, 'reads still answer');
    // A small write may still fit (into the WAL's space); whether it does or not, only /readyz's own
    // probe, which also asks for free space, may call the disk recovered.
    await call('POST', '/v1/notes', { fields: { $title: 'Small, on a full disk' } });
    assert.equal((await readyz()).status, 503, 'a small commit on a full disk does not make it ready');

    fs.rmSync(filler);
    // The refused create's key is free again, or, when the full disk refused freeing it too, held
    // until its lock expires (409 meanwhile).
    let retried = await call('POST', '/v1/notes', refused.json, { 'idempotency-key': refused.key });
    if (retried.status === 409) {
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      retried = await call('POST', '/v1/notes', refused.json, { 'idempotency-key': refused.key });
    }
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.equal((await readyz()).status, 200, 'ready once space is freed');
    assert.equal((await call('GET', `/v1/notes/${retried.body.id}`)).body.fields.$title.value, (refused.json as any).fields.$title);
  });

  it('becomes ready again by itself once space is freed, with no write from a client', async () => {
    const call = client(server!, KEY_LINE.exec(server!.output())![1]!);
    const readyz = () => fetch(`${server!.url}/readyz`).then((r) => r.status);
    const filler = disk.fill();
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) {
      status = (await call('POST', '/v1/notes', { fields: { $title: `Again ${i}`, $content: 'y'.repeat(99_000) } })).status;
    }
    assert.equal(status, 503);
    assert.equal(await readyz(), 503);
    fs.rmSync(filler);
    // A load balancer sends nothing to a server that is not ready: /readyz itself must find out.
    assert.equal(await readyz(), 200);
  });
});

describe('an idempotent create whose answer cannot be stored after its write committed', { skip: TEST_ENGINE === 'postgres' ? 'fault injected into the embedded database (SQLite leg)' : false }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-answer-lost-'));
  let server: ServerProcess | undefined;
  after(async () => {
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the record it created, and a retry with the key answers that record, not a second one', async () => {
    assert.equal(runCli(['migrate'], { FIELDHOUSE_DATA_DIR: dataDir }).status, 0);
    // Storing the answer fails the way a disk that filled up in between would fail it: after the
    // record's own transaction committed. A trigger is the one place to fail exactly that write.
    const db = new SQLite(path.join(dataDir, 'fieldhouse.db'));
    db.exec(`create trigger lose_answer before update of state on idempotency_keys when new.state = 'completed' and new.key = 'doomed'
             begin select raise(abort, 'database or disk is full'); end`);
    db.close();
    server = await startServerProcess({ ...ENV, FIELDHOUSE_DATA_DIR: dataDir, FIELDHOUSE_IDEMPOTENCY_LOCK_MS: '1000' });
    const call = client(server, KEY_LINE.exec(server.output())![1]!);
    const json = { fields: { $title: 'Committed, answer lost' } };

    const first = await call('POST', '/v1/notes', json, { 'idempotency-key': 'doomed' });
    assert.equal(first.status, 200, `the write committed, so it is answered: ${JSON.stringify(first.body)}`);
    // The key stays held as after a crash; once its lock expires a retry finds the record.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const retry = await call('POST', '/v1/notes', json, { 'idempotency-key': 'doomed' });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.id, first.body.id, 'the retry answers the record the first try created');
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    const list = await call('GET', '/v1/notes?limit=25');
    assert.equal(list.body.data.filter((n: any) => n.fields.$title.value === json.fields.$title).length, 1, 'exactly one record');
  });
});
