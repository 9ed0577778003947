import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startS3Server } from '../helpers/s3-server.js';
import { startTestServer } from '../helpers/server.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { createSession, upload } from './helpers.js';

describe('file storage that fails', () => {
  it('a bucket that does not exist stops the start, naming it', async () => {
    const s3 = await startS3Server();
    try {
      await assert.rejects(startTestServer({ env: { ...s3.env, FIELDHOUSE_S3_BUCKET: 'no-such-bucket' } }), /S3 check in bucket 'no-such-bucket' at http:\/\/127\.0\.0\.1:\d+ failed/);
    } finally {
      await s3.stop();
    }
  });

  it('a files directory that cannot be written stops the start, naming it', async () => {
    const database = await createTestDatabase();
    // A file where the directory should be: no permission trick, so it holds for root too.
    fs.writeFileSync(path.join(database.dataDir, 'files'), 'not a directory');
    try {
      await assert.rejects(startTestServer({ database, key: 'unused' }), /Cannot write files under .*files/);
    } finally {
      await database.drop();
    }
  });

  it('S3 going away mid-service answers 503 and logs the cause, for small and multipart uploads alike', async () => {
    const s3 = await startS3Server();
    const t = await startTestServer({ env: s3.env });
    try {
      const small = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
      const large = await createSession(t, { filename: 'b.bin', mimeType: 'application/octet-stream', sizeBytes: 12 * 1024 * 1024 });
      await s3.stop();
      for (const [session, bytes] of [[small, Buffer.from('hello')], [large, Buffer.alloc(12 * 1024 * 1024, 7)]] as const) {
        const res = await upload(session.uploadUrl, bytes, session.uploadHeaders);
        assert.equal(res.status, 503, JSON.stringify(res.body));
        assert.deepEqual(res.body.error, { type: 'service_unavailable', message: 'File storage is unavailable; retry shortly.' });
      }
      const logged = t.logs.filter((line) => line.msg === 'file storage failed');
      assert.equal(logged.length, 2);
      assert.ok(logged.every((line) => line.level === 50 && JSON.stringify(line.err).includes('S3 upload')), JSON.stringify(logged));
      const row = await t.server.storage.db.selectFrom('files').select(['status', 'blob_key']).where('id', '=', large.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'PENDING', blob_key: null }, 'the session is untouched: the same URL works once S3 is back');
    } finally {
      await t.stop();
    }
  });
});
