import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from '../helpers/server.js';
import { until } from '../helpers/until.js';
import { createSession, fileStatus, localDiskBackend, md5, s3Backend, signedUrl, slowBody, upload, type Backend } from './helpers.js';

const OTHER_FILE = 'fil_01JD8X3Q9Z4K7M2N5P6R8S0T1V';
const TRANSCRIPT = 'WEBVTT\n\n00:00.000 --> 00:02.000\nAda: Shall we sign?\n';

for (const backend of [localDiskBackend(), s3Backend()] satisfies Backend[]) {
  describe(`files on ${backend.name}`, () => {
    let t: TestServer;
    before(async () => {
      t = await backend.start({ env: { FIELDHOUSE_WORKER: 'on' } });
    });
    after(async () => {
      await t.stop();
      await backend.stop();
    });

    it('create → PUT → complete with md5 → retrieve → url → download returns the same bytes', async () => {
      const bytes = Buffer.from(TRANSCRIPT);
      const session = await createSession(t, { filename: 'Kickoff call – ü.vtt', mimeType: 'text/vtt', sizeBytes: bytes.length, purpose: 'meeting_transcript' });
      assert.match(session.id, /^fil_/);
      assert.equal(session.body.status, 'PENDING');
      assert.equal(session.body.completedAt, null);
      assert.equal(Date.parse(session.body.expiresAt) - Date.parse(session.body.createdAt), 60 * 60 * 1000);
      assert.ok(session.uploadUrl.startsWith(`${t.url.replace('127.0.0.1', 'localhost')}/uploads/${session.id}?token=`), session.uploadUrl);
      assert.deepEqual(session.uploadHeaders, { 'Content-Type': 'text/vtt' });

      const put = await upload(session.uploadUrl, bytes, session.uploadHeaders);
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.headers.get('etag'), `"${md5(bytes)}"`);
      assert.equal(await fileStatus(t, session.id), 'PENDING', 'bytes alone do not complete a file');

      const completed = await t.request({ path: `/v1/files/${session.id}/complete`, json: { md5: md5(bytes) } });
      assert.equal(completed.status, 200, completed.text);
      assert.equal(completed.body.status, 'COMPLETED');
      assert.equal(completed.body.expiresAt, null);
      assert.ok(completed.body.completedAt);
      const retrieved = await t.request({ path: `/v1/files/${session.id}` });
      assert.deepEqual(retrieved.body, completed.body);

      const url = await t.request({ path: `/v1/files/${session.id}/url` });
      assert.equal(url.status, 200, url.text);
      const lifetime = Date.parse(url.body.expiresAt) - Date.now();
      assert.ok(lifetime > 14 * 60 * 1000 && lifetime <= 15 * 60 * 1000, `url valid ${lifetime} ms`);
      const download = await fetch(url.body.url);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'text/vtt');
      assert.equal(download.headers.get('content-disposition'), `attachment; filename="Kickoff call _ _.vtt"; filename*=UTF-8''Kickoff%20call%20%E2%80%93%20%C3%BC.vtt`);
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
      assert.equal(backend.blobKeys().length, 1);
    });

    it('a complete without md5 checks the size only; binary bytes survive the round trip', async () => {
      const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
      const session = await createSession(t, { filename: 'deck.pdf', mimeType: 'application/pdf', sizeBytes: bytes.length, purpose: 'email_attachment' });
      assert.equal((await upload(session.uploadUrl, bytes, session.uploadHeaders)).status, 200);
      const completed = await t.request({ path: `/v1/files/${session.id}/complete`, json: {} });
      assert.equal(completed.status, 200, completed.text);
      const url = await t.request({ path: `/v1/files/${session.id}/url` });
      const download = await fetch(url.body.url);
      assert.equal(download.headers.get('content-type'), 'application/pdf');
      assert.equal(md5(Buffer.from(await download.arrayBuffer())), md5(bytes));
    });

    it('refuses a wrong, tampered or reused upload token and a wrong Content-Type, storing nothing', async () => {
      const before = backend.blobKeys().length;
      const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
      const url = new URL(session.uploadUrl);
      const token = url.searchParams.get('token')!;
      const other = await createSession(t, { filename: 'b.txt', mimeType: 'text/plain', sizeBytes: 5 });

      const attempts: Array<[string, string, Record<string, string>, number]> = [
        ['no token', `${url.origin}${url.pathname}`, session.uploadHeaders, 403],
        ['garbage token', `${url.origin}${url.pathname}?token=nope`, session.uploadHeaders, 403],
        ['signature flipped', `${url.origin}${url.pathname}?token=${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`, session.uploadHeaders, 403],
        ['expiry moved later', `${url.origin}${url.pathname}?token=${Number(token.split('.')[0]) + 3_600_000}.${token.split('.')[1]}`, session.uploadHeaders, 403],
        ["another file's token", `${url.origin}/uploads/${other.id}?token=${token}`, session.uploadHeaders, 403],
        ['wrong content type', session.uploadUrl, { 'Content-Type': 'text/html' }, 415],
        ['no content type', session.uploadUrl, {}, 415],
        ['content type that does not parse', session.uploadUrl, { 'Content-Type': 'text/plain , text/html' }, 415],
        ['upload token signed for a past time', await signedUrl(t, 'upload', session.id, Date.now() - 1000), session.uploadHeaders, 403],
      ];
      for (const [what, target, headers, status] of attempts) {
        const res = await upload(target, 'hello', headers);
        assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
        assert.ok(res.body.error.message, what);
      }
      const asDownload = await fetch(session.uploadUrl.replace('/uploads/', '/downloads/'));
      assert.equal(asDownload.status, 403, 'an upload token is no download token');
      const wrongType = await upload(session.uploadUrl, 'hello', { 'Content-Type': 'text/html' });
      assert.equal(wrongType.body.error.type, 'unsupported_media_type');
      assert.match(wrongType.body.error.message, /Content-Type: text\/plain/);
      const unparsable = await upload(session.uploadUrl, 'hello', { 'Content-Type': 'garbage' });
      assert.match(unparsable.body.error.message, /uploadHeaders/, 'not the JSON routes\' message');
      assert.equal(backend.blobKeys().length, before, 'no refused upload left bytes behind');

      assert.equal((await upload(session.uploadUrl, 'hello', session.uploadHeaders)).status, 200);
      const reused = await upload(session.uploadUrl, 'HELLO', session.uploadHeaders);
      assert.equal(reused.status, 409);
      assert.match(reused.body.error.message, /works once/);
      assert.equal(backend.blobKeys().length, before + 1);
      const completed = await t.request({ path: `/v1/files/${session.id}/complete`, json: { md5: md5('hello') } });
      assert.equal(completed.status, 200, 'the first upload is the one kept');
      const withCharset = await createSession(t, { filename: 'c.txt', mimeType: 'text/plain', sizeBytes: 2 });
      assert.equal((await upload(withCharset.uploadUrl, 'hi', { 'Content-Type': 'text/plain; charset=utf-8' })).status, 200, 'parameters may differ');
    });

    it('refuses more bytes than declared, by header or by stream, storing nothing', async () => {
      const before = backend.blobKeys().length;
      const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 4 });
      const declared = await upload(session.uploadUrl, 'hello', session.uploadHeaders);
      assert.equal(declared.status, 413);
      assert.deepEqual([declared.body.error.code, declared.body.error.param], ['payload_too_large', 'sizeBytes']);
      // Chunked, without Content-Length: the stream itself is cut off at the declared size.
      const chunked = await fetch(session.uploadUrl, {
        method: 'PUT',
        headers: session.uploadHeaders,
        body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('hel')), c.enqueue(new TextEncoder().encode('lo')), c.close()) }),
        duplex: 'half',
      } as RequestInit);
      assert.equal(chunked.status, 413);
      assert.equal(backend.blobKeys().length, before);
      assert.equal((await upload(session.uploadUrl, 'hell', session.uploadHeaders)).status, 200, 'the URL still works after a refused upload');
    });

    it('complete refuses a size or md5 mismatch with code and param, and the file stays PENDING', async () => {
      const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 10 });
      const nothing = await t.request({ path: `/v1/files/${session.id}/complete`, json: {} });
      assert.deepEqual([nothing.status, nothing.body.error.code, nothing.body.error.param], [422, 'invalid_value', 'sizeBytes']);
      assert.equal((await upload(session.uploadUrl, 'short', session.uploadHeaders)).status, 200);
      const size = await t.request({ path: `/v1/files/${session.id}/complete`, json: { md5: md5('short') } });
      assert.deepEqual([size.status, size.body.error.code, size.body.error.param], [422, 'invalid_value', 'sizeBytes']);
      assert.equal(await fileStatus(t, session.id), 'PENDING');

      const exact = await createSession(t, { filename: 'b.txt', mimeType: 'text/plain', sizeBytes: 5 });
      assert.equal((await upload(exact.uploadUrl, 'hello', exact.uploadHeaders)).status, 200);
      const digest = await t.request({ path: `/v1/files/${exact.id}/complete`, json: { md5: md5('jello') } });
      assert.deepEqual([digest.status, digest.body.error.code, digest.body.error.param], [422, 'invalid_value', 'md5']);
      const malformed = await t.request({ path: `/v1/files/${exact.id}/complete`, json: { md5: 'ABC' } });
      assert.deepEqual([malformed.status, malformed.body.error.code, malformed.body.error.param], [400, 'invalid_type', 'md5']);
      assert.equal(await fileStatus(t, exact.id), 'PENDING');
      const notYet = await t.request({ path: `/v1/files/${exact.id}/url` });
      assert.equal(notYet.status, 409, 'a PENDING file has no download URL');
    });

    it('cancel works only while PENDING and removes the bytes', async () => {
      const before = backend.blobKeys().length;
      const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
      assert.equal((await upload(session.uploadUrl, 'hello', session.uploadHeaders)).status, 200);
      assert.equal(backend.blobKeys().length, before + 1);
      const cancelled = await t.request({ path: `/v1/files/${session.id}/cancel`, json: {} });
      assert.equal(cancelled.status, 200, cancelled.text);
      assert.deepEqual([cancelled.body.status, cancelled.body.expiresAt], ['CANCELLED', null]);
      // The server's worker runs the cleanup job the cancel queued.
      await until('the cancelled upload to lose its bytes', () => backend.blobKeys().length === before, 30);
      const again = await t.request({ path: `/v1/files/${session.id}/cancel`, json: {} });
      assert.equal(again.status, 409);
      const complete = await t.request({ path: `/v1/files/${session.id}/complete`, json: {} });
      assert.equal(complete.status, 409);
      assert.equal((await upload(session.uploadUrl, 'hello', session.uploadHeaders)).status, 409, 'a cancelled session takes no upload');

      const done = await createSession(t, { filename: 'b.txt', mimeType: 'text/plain', sizeBytes: 5 });
      await upload(done.uploadUrl, 'hello', done.uploadHeaders);
      await t.request({ path: `/v1/files/${done.id}/complete`, json: {} });
      const late = await t.request({ path: `/v1/files/${done.id}/cancel`, method: 'POST' });
      assert.equal(late.status, 409, 'a COMPLETED file cannot be cancelled');
      assert.match(late.body.error.message, /COMPLETED/);
    });

    it('a short upload fails complete and may be replaced through the same URL; a full one may not', async () => {
      const before = backend.blobKeys().length;
      const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 10 });
      assert.equal((await upload(session.uploadUrl, 'hello', session.uploadHeaders)).status, 200);
      assert.equal((await t.request({ path: `/v1/files/${session.id}/complete`, json: {} })).status, 422);
      assert.equal((await upload(session.uploadUrl, 'helloworld', session.uploadHeaders)).status, 200, 'the short upload did not use the URL up');
      assert.equal(backend.blobKeys().length, before + 1, 'the short upload was replaced, not kept beside');
      const completed = await t.request({ path: `/v1/files/${session.id}/complete`, json: { md5: md5('helloworld') } });
      assert.equal(completed.status, 200, completed.text);
      const { url } = (await t.request({ path: `/v1/files/${session.id}/url` })).body;
      assert.equal(await (await fetch(url)).text(), 'helloworld');
    });

    it('of two uploads racing through one URL, one is kept, in one server or two; an upload racing a cancel keeps nothing', async () => {
      const before = backend.blobKeys().length;
      const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 6 });
      const put = (url: string, text: string) => fetch(url, { method: 'PUT', headers: session.uploadHeaders, body: slowBody(text, 200), duplex: 'half' } as RequestInit);
      // One server refuses the second at once, before reading its bytes.
      const first = put(session.uploadUrl, 'aaaaaa');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await put(session.uploadUrl, 'bbbbbb');
      assert.equal(second.status, 409);
      assert.match((await second.json()).error.message, /in progress/);
      assert.equal((await first).status, 200);
      assert.equal(backend.blobKeys().length, before + 1);
      assert.equal((await t.request({ path: `/v1/files/${session.id}/complete`, json: { md5: md5('aaaaaa') } })).status, 200);

      // Two servers on one database and one store: both stream, the first to record wins, the other's bytes go.
      const peer = await backend.start({ database: t.database, key: t.key });
      try {
        const shared = await createSession(t, { filename: 'c.txt', mimeType: 'text/plain', sizeBytes: 6 });
        const viaPeer = shared.uploadUrl.replace(new URL(shared.uploadUrl).origin, peer.url);
        const racing = await Promise.all([put(shared.uploadUrl, 'cccccc'), put(viaPeer, 'dddddd')]);
        assert.deepEqual(racing.map((r) => r.status).sort(), [200, 409]);
        const loser = racing.find((r) => r.status === 409)!;
        assert.match((await loser.json()).error.message, /already has all its bytes|took another upload/);
        const winner = racing[0]!.status === 200 ? 'cccccc' : 'dddddd';
        assert.equal(backend.blobKeys().length, before + 2, "the loser's bytes are gone");
        assert.equal((await t.request({ path: `/v1/files/${shared.id}/complete`, json: { md5: md5(winner) } })).status, 200);
      } finally {
        await peer.server.close();
      }

      const other = await createSession(t, { filename: 'b.txt', mimeType: 'text/plain', sizeBytes: 6 });
      const slow = fetch(other.uploadUrl, { method: 'PUT', headers: other.uploadHeaders, body: slowBody('cccccc', 300), duplex: 'half' } as RequestInit);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await t.request({ path: `/v1/files/${other.id}/cancel`, json: {} })).status, 200);
      const late = await slow;
      assert.equal(late.status, 409);
      assert.match((await late.json()).error.message, /CANCELLED/);
      await until('the cancelled file to hold no bytes', () => backend.blobKeys().length === before + 2, 30);
    });

    it('cancel removes leftovers no row names: the bytes of an attempt that died with its process', async () => {
      const before = backend.blobKeys().length;
      const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
      await upload(session.uploadUrl, 'hello', session.uploadHeaders);
      await t.server.blobs.put(`${t.organizationId}/${session.id}/orphan`, Readable.from([Buffer.from('hel')]), { maxBytes: 5, contentType: 'text/plain' });
      assert.equal(backend.blobKeys().length, before + 2);
      assert.equal((await t.request({ path: `/v1/files/${session.id}/cancel`, json: {} })).status, 200);
      await until('every blob of the cancelled file to be removed', () => backend.blobKeys().length === before, 30);
    });

    it('downloads honour one Range (resuming a large download), If-Range and If-None-Match', async () => {
      const bytes = Buffer.from('0123456789abcdef');
      const session = await createSession(t, { filename: 'r.bin', mimeType: 'application/octet-stream', sizeBytes: bytes.length });
      await upload(session.uploadUrl, bytes, session.uploadHeaders);
      await t.request({ path: `/v1/files/${session.id}/complete`, json: {} });
      const { url } = (await t.request({ path: `/v1/files/${session.id}/url` })).body;
      const get = async (headers: Record<string, string>) => {
        const res = await fetch(url, { headers });
        return { status: res.status, headers: res.headers, text: await res.text() };
      };
      const whole = await get({});
      assert.deepEqual([whole.status, whole.headers.get('accept-ranges'), whole.text], [200, 'bytes', bytes.toString()]);
      const middle = await get({ range: 'bytes=2-5' });
      assert.deepEqual([middle.status, middle.headers.get('content-range'), middle.headers.get('content-length'), middle.text], [206, 'bytes 2-5/16', '4', '2345']);
      const rest = await get({ range: 'bytes=10-' });
      assert.deepEqual([rest.status, rest.text], [206, 'abcdef']);
      const tail = await get({ range: 'bytes=-3' });
      assert.deepEqual([tail.status, tail.text], [206, 'def']);
      const past = await get({ range: 'bytes=100-200' });
      assert.deepEqual([past.status, past.headers.get('content-range'), JSON.parse(past.text).error.type], [416, 'bytes */16', 'range_not_satisfiable']);
      assert.equal((await get({ range: 'bytes=0-1,4-5' })).status, 200, 'several ranges: the whole file');
      assert.equal((await get({ range: 'lines=1-2' })).status, 200, 'another unit: the whole file');
      assert.equal((await get({ range: 'bytes=2-5', 'if-range': '"another-version"' })).status, 200, 'If-Range of another version: the whole file');
      assert.equal((await get({ range: 'bytes=2-5', 'if-range': whole.headers.get('etag')! })).status, 206);
      const unchanged = await get({ 'if-none-match': whole.headers.get('etag')! });
      assert.deepEqual([unchanged.status, unchanged.text], [304, '']);
    });

    it('refuses a tampered or expired download URL', async () => {
      const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
      await upload(session.uploadUrl, 'hello', session.uploadHeaders);
      await t.request({ path: `/v1/files/${session.id}/complete`, json: {} });
      const { url } = (await t.request({ path: `/v1/files/${session.id}/url` })).body;
      const token = new URL(url).searchParams.get('token')!;
      const [expires, signature] = token.split('.');
      const base = url.split('?')[0];
      for (const [what, target] of [
        ['signature changed', `${base}?token=${expires}.${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`],
        ['expiry extended', `${base}?token=${Number(expires) + 60_000}.${signature}`],
        ['expired (another expiry, same signature)', `${base}?token=${Date.now() - 1000}.${signature}`],
        ['expired (signed for a past time)', await signedUrl(t, 'download', session.id, Date.now() - 1000)],
        ['signed for another file', (await signedUrl(t, 'download', OTHER_FILE, Date.now() + 60_000)).replace(`${OTHER_FILE}?`, `${session.id}?`)],
        ['no token', base],
      ]) {
        const res = await fetch(target!);
        assert.equal(res.status, 403, what);
        const error = (await res.json()).error;
        assert.equal(error.type, 'forbidden', what);
        if (what!.startsWith('expired (signed')) assert.match(error.message, /expired/, what);
      }
    });
  });
}
