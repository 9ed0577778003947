import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import Lightfield, { APIUserAbortError, LightfieldError, PermissionDeniedError, type Fetch } from '@fieldhouse/sdk';
import { startTestServer, type TestServer } from '../helpers/server.js';

// file.upload against a real server: create, PUT of the bytes, complete with their MD5.
describe('file.upload', () => {
  let t: TestServer;
  let client: Lightfield;
  before(async () => {
    t = await startTestServer();
    client = new Lightfield({ apiKey: t.key, baseURL: t.url });
  });
  after(() => t.stop());

  /** A client of the test server whose requests go through `through` (which observes, alters or answers them). */
  const clientThrough = (through: Fetch, maxRetries?: number) => new Lightfield({ apiKey: t.key, baseURL: t.url, fetch: through, ...(maxRetries === undefined ? {} : { maxRetries }) });

  const downloaded = async (id: string) => {
    const { url } = await client.file.url(id);
    return Buffer.from(await (await fetch(url)).arrayBuffer());
  };

  it('uploads bytes, a File, a Node stream and a web stream, each COMPLETED with exactly its bytes', async () => {
    const text = 'WEBVTT\n\n00:00.000 --> 00:01.000\nHello';
    const sources = [
      { source: Buffer.from(text), params: { filename: 'a.vtt', mimeType: 'text/vtt' }, filename: 'a.vtt', mimeType: 'text/vtt' },
      { source: new File([text], 'b.txt', { type: 'text/plain' }), params: {}, filename: 'b.txt', mimeType: 'text/plain' },
      { source: Readable.from([Buffer.from('WEBVTT\n\n'), '00:00.000 --> 00:01.000\nHello']), params: { filename: 'c.vtt' }, filename: 'c.vtt', mimeType: 'application/octet-stream' },
      { source: new Blob([text]).stream(), params: { filename: 'd.bin' }, filename: 'd.bin', mimeType: 'application/octet-stream' },
    ];
    for (const { source, params, filename, mimeType } of sources) {
      const file = await client.file.upload(source, params);
      assert.deepEqual([file.status, file.filename, file.mimeType, file.sizeBytes], ['COMPLETED', filename, mimeType, Buffer.byteLength(text)], filename);
      assert.equal((await downloaded(file.id)).toString(), text, filename);
    }
  });

  it('sends the MD5 of the bytes to complete', async () => {
    const completes: unknown[] = [];
    const watching = clientThrough((url, init) => {
        if (String(url).endsWith('/complete')) completes.push(JSON.parse(String(init.body)));
        return fetch(url, init);
      });
    const bytes = Buffer.from('checked bytes');
    await watching.file.upload(bytes, { filename: 'x.txt', mimeType: 'text/plain' });
    assert.deepEqual(completes, [{ md5: createHash('md5').update(bytes).digest('hex') }]);
  });

  it('needs a filename unless the source is a File, and at least one byte, and sends nothing otherwise', async () => {
    let sent = 0;
    const counting = clientThrough((url, init) => (sent++, fetch(url, init)));
    await assert.rejects(counting.file.upload(Buffer.from('x')), LightfieldError);
    await assert.rejects(counting.file.upload(new Uint8Array(0), { filename: 'empty.txt' }), /no bytes/);
    assert.equal(sent, 0);
  });

  it('retries a PUT the upload URL failed, as any request, and completes once', async () => {
    let puts = 0;
    const flaky: Fetch = async (url, init) => {
      if (init.method === 'PUT' && ++puts === 1) return new Response('busy', { status: 503 });
      return fetch(url, init);
    };
    const retrying = clientThrough(flaky);
    const file = await retrying.file.upload(Buffer.from('second time lucky'), { filename: 'retry.txt', mimeType: 'text/plain' });
    assert.deepEqual([file.status, puts], ['COMPLETED', 2]);
    assert.equal((await downloaded(file.id)).toString(), 'second time lucky');
  });

  it('stops when its signal aborts, with the SDK\'s abort error', async () => {
    const controller = new AbortController();
    const aborting: Fetch = async (url, init) => {
      if (init.method === 'PUT') controller.abort();
      return fetch(url, init);
    };
    const aborted = clientThrough(aborting);
    await assert.rejects(aborted.file.upload(Buffer.from('x'), { filename: 'x.txt', mimeType: 'text/plain' }, { signal: controller.signal }), APIUserAbortError);
  });

  it('keeps one idempotency key per step when the caller gives one', async () => {
    const keys: string[] = [];
    const watching = clientThrough((url, init) => {
        const key = new Headers(init.headers).get('idempotency-key');
        if (key) keys.push(key);
        return fetch(url, init);
      });
    await watching.file.upload(Buffer.from('keyed'), { filename: 'k.txt', mimeType: 'text/plain' }, { idempotencyKey: 'upload-1' });
    assert.deepEqual(keys, ['upload-1:create', 'upload-1:complete']);
  });

  it('throws the error the upload URL answered, and leaves the session PENDING', async () => {
    let sessionId: string | undefined;
    const refusingPut: Fetch = async (url, init) => {
      if (init.method === 'PUT') return new Response(JSON.stringify({ error: { type: 'forbidden', message: 'Upload refused.' } }), { status: 403, headers: { 'content-type': 'application/json' } });
      const res = await fetch(url, init);
      if (String(url).endsWith('/v1/files') && init.method === 'POST') sessionId = ((await res.clone().json()) as { id: string }).id;
      return res;
    };
    const refused = clientThrough(refusingPut, 0);
    await assert.rejects(refused.file.upload(Buffer.from('x'), { filename: 'x.txt', mimeType: 'text/plain' }), PermissionDeniedError);
    assert.ok(sessionId);
    assert.equal((await client.file.retrieve(sessionId)).status, 'PENDING');
  });
});
