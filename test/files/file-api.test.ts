import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createSession, upload } from './helpers.js';

const MiB = 1024 * 1024;

describe('file.* operations: validation, scopes, idempotency, lists', () => {
  let t: TestServer;
  const fileCount = async () => (await t.server.storage.db.selectFrom('files').select('id').execute()).length;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('purpose limits refuse the MIME type or size, naming the param, and create nothing', async () => {
    const refusals: Array<[Record<string, unknown>, number, string, string]> = [
      [{ purpose: 'meeting_transcript', mimeType: 'application/pdf', sizeBytes: 10 }, 422, 'invalid_value', 'mimeType'],
      [{ purpose: 'meeting_transcript', mimeType: 'text/plain', sizeBytes: 50 * MiB + 1 }, 422, 'invalid_value', 'sizeBytes'],
      [{ purpose: 'email_attachment', mimeType: 'application/pdf', sizeBytes: 20 * MiB + 1 }, 422, 'invalid_value', 'sizeBytes'],
      [{ purpose: 'knowledge_user', mimeType: 'application/pdf', sizeBytes: 512 * MiB + 1 }, 400, 'invalid_type', 'sizeBytes'],
      [{ purpose: 'other', mimeType: 'text/plain', sizeBytes: 10 }, 400, 'invalid_type', 'purpose'],
      [{ mimeType: 'not a type', sizeBytes: 10 }, 422, 'invalid_value', 'mimeType'],
      // Each would have been sent back as a Content-Type header no HTTP stack can write.
      [{ mimeType: 'text/plain; x=\u0100', sizeBytes: 10 }, 422, 'invalid_value', 'mimeType'],
      [{ mimeType: 'text/plain; x=\u0001', sizeBytes: 10 }, 422, 'invalid_value', 'mimeType'],
      [{ mimeType: 'text/plain\r\nX-Injected: 1', sizeBytes: 10 }, 422, 'invalid_value', 'mimeType'],
      [{ mimeType: 'text/plain', sizeBytes: 0 }, 400, 'invalid_type', 'sizeBytes'],
      [{ mimeType: 'text/plain', sizeBytes: 1.5 }, 400, 'invalid_type', 'sizeBytes'],
      [{ mimeType: 'text/plain', sizeBytes: '10' }, 400, 'invalid_type', 'sizeBytes'],
      [{ mimeType: 'text/plain' }, 400, 'parameter_missing', 'sizeBytes'],
      [{ mimeType: 'text/plain', sizeBytes: 10, filename: '' }, 400, 'invalid_type', 'filename'],
      [{ mimeType: 'text/plain', sizeBytes: 10, filename: 'x'.repeat(256) }, 400, 'invalid_type', 'filename'],
      [{ mimeType: 'text/plain', sizeBytes: 10, filename: 'a\r\nSet-Cookie: x.txt' }, 422, 'invalid_value', 'filename'],
      [{ mimeType: 'text/plain', sizeBytes: 10, filename: 'half \uD83D of an emoji.txt' }, 422, 'invalid_value', 'filename'],
      [{ mimeType: 'text/plain', sizeBytes: 10, extra: true }, 400, 'unknown_field', 'extra'],
    ];
    for (const [body, status, code, param] of refusals) {
      const res = await t.request({ path: '/v1/files', json: { filename: 'f.txt', ...body } });
      assert.deepEqual([res.status, res.body.error?.code, res.body.error?.param], [status, code, param], JSON.stringify(body));
    }
    assert.equal(await fileCount(), 0, 'no refused create left a file');

    const accepted: Array<Record<string, unknown>> = [
      { purpose: 'meeting_transcript', mimeType: 'text/vtt', sizeBytes: 50 * MiB },
      { purpose: 'meeting_transcript', mimeType: 'application/x-subrip', sizeBytes: 1 },
      { purpose: 'meeting_transcript', mimeType: 'Application/JSON; charset=utf-8', sizeBytes: 1 },
      { purpose: 'email_attachment', mimeType: 'image/png', sizeBytes: 20 * MiB },
      { purpose: 'knowledge_workspace', mimeType: 'application/pdf', sizeBytes: 512 * MiB },
      { mimeType: 'application/octet-stream', sizeBytes: 512 * MiB },
    ];
    for (const body of accepted) {
      const res = await t.request({ path: '/v1/files', json: { filename: 'f.txt', ...body } });
      assert.equal(res.status, 200, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.body.mimeType, body.mimeType, 'the MIME type reads back as given');
      assert.ok(!('purpose' in res.body), 'purpose is not returned');
    }
  });

  it('scopes: files:create writes, files:read reads, other scopes neither', async () => {
    const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
    const creator = await t.createKey(['files:create']);
    const reader = await t.createKey(['files:read']);
    const stranger = await t.createKey(['accounts:read', 'accounts:create']);
    const writes = [
      { path: '/v1/files', json: { filename: 'b.txt', mimeType: 'text/plain', sizeBytes: 5 } },
      { path: `/v1/files/${session.id}/complete`, json: {} },
      { path: `/v1/files/${session.id}/cancel`, json: {} },
    ];
    const reads = [{ path: '/v1/files' }, { path: `/v1/files/${session.id}` }, { path: `/v1/files/${session.id}/url` }];
    for (const call of [...writes, ...reads]) {
      for (const key of [stranger.key, ...(writes.includes(call as never) ? [reader.key] : [creator.key])]) {
        const res = await t.request({ ...call, key });
        assert.equal(res.status, 403, `${call.path} with the wrong scope`);
        assert.match(res.body.error.message, /files:(create|read)/);
      }
    }
    assert.equal((await t.request({ path: `/v1/files/${session.id}`, key: reader.key })).status, 200);
    assert.equal((await t.request({ path: '/v1/files', key: creator.key, json: { filename: 'c.txt', mimeType: 'text/plain', sizeBytes: 5 } })).status, 200);
    assert.equal((await t.request({ path: '/v1/files', key: null })).status, 401);
  });

  it('create is idempotent: the same key answers the same session, and the upload URL still works', async () => {
    const count = await fileCount();
    const body = { filename: 'same.txt', mimeType: 'text/plain', sizeBytes: 5 };
    const first = await t.request({ path: '/v1/files', json: body, headers: { 'idempotency-key': 'file-1' } });
    const again = await t.request({ path: '/v1/files', json: body, headers: { 'idempotency-key': 'file-1' } });
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.text, first.text);
    assert.equal(await fileCount(), count + 1);
    assert.equal((await upload(again.body.uploadUrl, 'hello', again.body.uploadHeaders)).status, 200);
    const complete = { path: `/v1/files/${first.body.id}/complete`, json: {}, headers: { 'idempotency-key': 'done-1' } };
    const done = await t.request(complete);
    const doneAgain = await t.request(complete);
    assert.equal(done.status, 200);
    assert.deepEqual([doneAgain.status, doneAgain.text, doneAgain.headers.get('idempotent-replayed')], [200, done.text, 'true']);
  });

  it('lists newest first with totalCount and limit/offset; another organization sees none of them', async () => {
    const all = await t.request({ path: '/v1/files?limit=25' });
    assert.equal(all.status, 200);
    assert.equal(all.body.totalCount, await fileCount());
    const created = all.body.data.map((f: { createdAt: string; id: string }) => `${f.createdAt} ${f.id}`);
    assert.deepEqual(created, [...created].sort().reverse(), 'newest first, ties by id');
    const page = await t.request({ path: '/v1/files?limit=2&offset=1' });
    assert.deepEqual(page.body.data.map((f: { id: string }) => f.id), all.body.data.slice(1, 3).map((f: { id: string }) => f.id));
    assert.equal(page.body.totalCount, all.body.totalCount);
    for (const query of ['limit=0', 'limit=26', 'offset=-1', 'status=PENDING']) {
      const bad = await t.request({ path: `/v1/files?${query}` });
      assert.equal(bad.status, 400, query);
    }

    const other = await t.addOrganization('Other');
    const theirs = await t.request({ path: '/v1/files', key: other.key });
    assert.deepEqual([theirs.body.totalCount, theirs.body.data], [0, []]);
    const id = all.body.data[0].id;
    for (const path of [`/v1/files/${id}`, `/v1/files/${id}/url`]) {
      const res = await t.request({ path, key: other.key });
      assert.deepEqual([res.status, res.body.error.message], [404, "No resource found in 'files' with the given ID."]);
    }
    assert.equal((await t.request({ path: `/v1/files/${id}/cancel`, key: other.key, json: {} })).status, 404);
    assert.equal((await t.request({ path: '/v1/files/fil_01JD8X3Q9Z4K7M2N5P6R8S0T1V' })).status, 404);
  });

  it('cancel and complete take an empty body or none, and refuse unknown keys', async () => {
    const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
    const unknown = await t.request({ path: `/v1/files/${session.id}/cancel`, json: { reason: 'x' } });
    assert.deepEqual([unknown.status, unknown.body.error.code, unknown.body.error.param], [400, 'unknown_field', 'reason']);
    const bare = await t.request({ path: `/v1/files/${session.id}/cancel`, method: 'POST' });
    assert.equal(bare.status, 200, bare.text);
    assert.equal(bare.body.status, 'CANCELLED');
  });
});

describe('an upload that stops sending', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { FIELDHOUSE_UPLOAD_IDLE_TIMEOUT_MS: '1000' } });
  });
  after(() => t.stop());

  it('is cut off after the idle timeout, keeps nothing and logs no error; the URL works again', async () => {
    const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
    let stalled = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (stalled) return new Promise<void>(() => undefined); // never sends the rest
        stalled = true;
        controller.enqueue(new TextEncoder().encode('he'));
      },
    });
    const cutOff = await fetch(session.uploadUrl, { method: 'PUT', headers: session.uploadHeaders, body, duplex: 'half' } as RequestInit).then(
      (res) => res.status,
      (err: unknown) => (err instanceof Error ? err.name : 'error'),
    );
    assert.notEqual(cutOff, 200, 'the stalled upload did not succeed');
    const row = await t.server.storage.db.selectFrom('files').select(['status', 'blob_key']).where('id', '=', session.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'PENDING', blob_key: null });
    assert.equal((await upload(session.uploadUrl, 'hello', session.uploadHeaders)).status, 200);
    const errors = t.logs.filter((line) => (line.level as number) >= 50);
    assert.deepEqual(errors, [], 'a client that stops is not a server error');
  });
});
