import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { manualClock, type ManualClock } from '../helpers/clock.js';
import type { TestServer } from '../helpers/server.js';
import { until } from '../helpers/until.js';
import { createSession, fileStatus, localDiskBackend, s3Backend, upload, type Backend } from './helpers.js';

const MINUTE = 60 * 1000;

for (const backend of [localDiskBackend(), s3Backend()] satisfies Backend[]) {
  describe(`upload sessions expire after an hour (${backend.name}, injected clock)`, () => {
    let t: TestServer;
    let clock: ManualClock;
    before(async () => {
      clock = manualClock(Date.now());
      t = await backend.start({ clock, env: { FIELDHOUSE_WORKER: 'on' } });
    });
    after(async () => {
      await t.stop();
      await backend.stop();
    });

    it('a PENDING session past its hour reads EXPIRED, refuses every use, and its bytes are removed', async () => {
      const before = backend.blobKeys().length;
      const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
      assert.equal((await upload(session.uploadUrl, 'hello', session.uploadHeaders)).status, 200);
      assert.equal(backend.blobKeys().length, before + 1);

      clock.advance(59 * MINUTE);
      assert.equal(await fileStatus(t, session.id), 'PENDING', 'still inside its hour');
      assert.equal(backend.blobKeys().length, before + 1);

      clock.advance(1 * MINUTE);
      const expired = await t.request({ path: `/v1/files/${session.id}` });
      assert.deepEqual([expired.body.status, expired.body.expiresAt], ['EXPIRED', null]);
      const row = () => t.server.storage.db.selectFrom('files').select(['status', 'blob_key']).where('id', '=', session.id).executeTakeFirstOrThrow();
      // The job removes the bytes first, then forgets them: the row is the later of the two.
      await until('the cleanup job to write EXPIRED and forget the bytes', async () => (await row()).blob_key === null, 30);
      assert.deepEqual(await row(), { status: 'EXPIRED', blob_key: null });
      assert.equal(backend.blobKeys().length, before, 'the bytes are gone from the store');

      assert.equal((await t.request({ path: `/v1/files/${session.id}/complete`, json: {} })).status, 409);
      assert.equal((await t.request({ path: `/v1/files/${session.id}/cancel`, json: {} })).status, 409);
      const late = await upload(session.uploadUrl, 'hello', session.uploadHeaders);
      assert.equal(late.status, 403);
      assert.match(late.body.error.message, /expired/);
      const listed = await t.request({ path: '/v1/files' });
      assert.equal(listed.body.data.find((f: { id: string }) => f.id === session.id).status, 'EXPIRED');
    });

    it('a session that never got bytes expires too; a completed one keeps its bytes and loses only leftovers', async () => {
      const empty = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
      const done = await createSession(t, { filename: 'b.txt', mimeType: 'text/plain', sizeBytes: 5 });
      await upload(done.uploadUrl, 'hello', done.uploadHeaders);
      assert.equal((await t.request({ path: `/v1/files/${done.id}/complete`, json: {} })).status, 200);
      const kept = backend.blobKeys().length;
      // An attempt that died with its process left bytes no row names: the session's end removes them.
      await t.server.blobs.put(`${t.organizationId}/${done.id}/orphan`, Readable.from([Buffer.from('hel')]), { maxBytes: 5, contentType: 'text/plain' });
      assert.equal(backend.blobKeys().length, kept + 1);
      clock.advance(61 * MINUTE);
      await until("the completed file's leftovers to be removed", () => backend.blobKeys().length === kept, 30);
      await until('the empty session to be written EXPIRED', async () => {
        const row = await t.server.storage.db.selectFrom('files').select('status').where('id', '=', empty.id).executeTakeFirstOrThrow();
        return row.status === 'EXPIRED';
      }, 30);
      assert.equal(await fileStatus(t, done.id), 'COMPLETED');
      assert.equal(backend.blobKeys().length, kept, 'a completed file keeps its bytes');
      const url = await t.request({ path: `/v1/files/${done.id}/url` });
      assert.equal(await (await fetch(url.body.url)).text(), 'hello');

      // The download URL lasts 15 minutes of the server's clock.
      clock.advance(15 * MINUTE);
      const stale = await fetch(url.body.url);
      assert.equal(stale.status, 403);
      assert.match((await stale.json()).error.message, /expired/);
    });
  });
}
