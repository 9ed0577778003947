import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/processes.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { API_VERSION } from '../helpers/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const MiB = 1024 * 1024;
const UPLOAD_BYTES = 200 * MiB;
/** Under half the upload: a server that held the body would grow by all of it; the S3 client holds a few 5 MiB parts, GC frees them late. */
const RSS_ALLOWANCE = 96 * MiB;

/** Resident memory of a process, from the kernel's own count. */
function rssOf(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) * 1024;
}

/** Samples a process's RSS every 25 ms while `work` runs; the highest reading. */
async function peakRssDuring(pid: number, work: () => Promise<void>): Promise<number> {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 25);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssOf(pid));
}

/** `total` bytes of a repeating, position-dependent pattern, 1 MiB at a time, hashed as they go. */
function patternStream(total: number, hash: ReturnType<typeof createHash>): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const chunk = Buffer.alloc(Math.min(MiB, total - sent), sent / MiB);
      hash.update(chunk);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

/** The server's error log lines, to show why a request failed. */
const errorLines = (server: ServerProcess) => server.output().split('\n').filter((line) => line.includes('"level":50')).join('\n');

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

for (const backend of ['local disk', 's3'] as const) {
  describe(`a ${UPLOAD_BYTES / MiB} MiB upload streams through the server process (${backend})`, () => {
    let database: TestDatabase;
    let s3: S3Server | undefined;
    let server: ServerProcess;
    let key: string;
    const api = async (path: string, body?: unknown) => {
      const res = await fetch(server.url + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json();
      assert.equal(res.status, 200, JSON.stringify(json));
      return json;
    };

    before(async () => {
      database = await createTestDatabase();
      if (backend === 's3') s3 = await startS3Server();
      server = await startServerProcess({ ...database.env, ...s3?.env, FIELDHOUSE_WORKER: 'off' });
      key = /API key: (sk_lf_\S+)/.exec(server.output())![1]!;
    });
    after(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
      await s3?.stop();
      await database.drop();
    });

    it('keeps the server RSS flat while the bytes arrive and while they are downloaded', async (t) => {
      // Warm up the code paths of an upload, so the baseline is the server at work, not a cold one.
      const warm = await api('/v1/files', { filename: 'warm.bin', mimeType: 'application/octet-stream', sizeBytes: 1 });
      await fetch(warm.uploadUrl, { method: 'PUT', headers: warm.uploadHeaders, body: 'x' });

      const session = await api('/v1/files', { filename: 'big.bin', mimeType: 'application/octet-stream', sizeBytes: UPLOAD_BYTES, purpose: 'knowledge_workspace' });
      const pid = server.child.pid!;
      const before = rssOf(pid);
      const sent = createHash('md5');
      const uploadPeak = await peakRssDuring(pid, async () => {
        const res = await fetch(session.uploadUrl, { method: 'PUT', headers: session.uploadHeaders, body: patternStream(UPLOAD_BYTES, sent), duplex: 'half' } as RequestInit);
        assert.equal(res.status, 200, `${await res.text()}\n${errorLines(server)}`);
      });
      const md5 = sent.digest('hex');
      const completed = await api(`/v1/files/${session.id}/complete`, { md5 });
      assert.equal(completed.status, 'COMPLETED');

      const { url } = await api(`/v1/files/${session.id}/url`);
      const received = createHash('md5');
      let receivedBytes = 0;
      const downloadPeak = await peakRssDuring(pid, async () => {
        const res = await fetch(url);
        assert.equal(res.status, 200);
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          received.update(chunk);
          receivedBytes += chunk.length;
        }
      });
      assert.equal(receivedBytes, UPLOAD_BYTES);
      assert.equal(received.digest('hex'), md5, 'the download is the upload, byte for byte');

      const after = rssOf(pid);
      t.diagnostic(`server RSS before ${mb(before)}, peak during upload ${mb(uploadPeak)}, peak during download ${mb(downloadPeak)}, after ${mb(after)}`);
      assert.ok(uploadPeak - before < RSS_ALLOWANCE, `upload grew the server's RSS by ${mb(uploadPeak - before)}`);
      assert.ok(downloadPeak - before < RSS_ALLOWANCE, `download grew the server's RSS by ${mb(downloadPeak - before)}`);
    });
  });
}
