import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createSession, slowBody } from '../files/helpers.js';
import { assertConforms } from '../helpers/conformance.js';
import { connectRaw, type RawExchange } from '../helpers/raw-http.js';
import { API_VERSION, startTestServer, type TestServer } from '../helpers/server.js';
import { widgetRoutes } from '../helpers/widget-routes.js';

const TIMEOUT_MS = 300;
/** How long a test waits for the server to act before it gives up on it. */
const PATIENCE_MS = 3_000;

function assertTimedOut(res: RawExchange): void {
  assert.equal(res.status, 408, res.text);
  assert.equal(res.body?.error?.type, 'bad_request', res.text);
  assert.equal(res.body.error.code, 'request_timeout');
  assert.match(res.body.error.message, new RegExp(`within ${TIMEOUT_MS} ms`));
  assert.match(res.headers['request-id'] ?? '', /^req_[0-9A-Z]{26}$/);
  assert.equal(res.headers.connection, 'close');
  assert.ok(res.closedByServer, 'the server closes the connection');
  assertConforms(undefined, 408, res.body);
}

describe('FIELDHOUSE_REQUEST_TIMEOUT_MS', () => {
  let t: TestServer;
  const head = (length: number) =>
    `POST /v1/widgets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.key}\r\nLightfield-Version: ${API_VERSION}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
  before(async () => {
    t = await startTestServer({ routes: [widgetRoutes().routes], env: { FIELDHOUSE_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) } });
  });
  after(() => t.stop());

  it('answers 408 in the envelope and closes when a body stops half way', async () => {
    const conn = await connectRaw(t.url);
    await conn.send(`${head(100)}{"name":`);
    const res = await conn.finish(PATIENCE_MS);
    assertTimedOut(res);
    assert.ok(res.elapsedMs >= TIMEOUT_MS - 50, `not before the timeout (${res.elapsedMs} ms)`);
  });

  it('answers 408 to a body that keeps trickling: the deadline is the whole body, not a pause', async () => {
    const conn = await connectRaw(t.url);
    await conn.send(head(200));
    const trickle = setInterval(() => void conn.send(' ').catch(() => undefined), 50);
    try {
      assertTimedOut(await conn.finish(PATIENCE_MS));
    } finally {
      clearInterval(trickle);
    }
  });

  it('answers 408 in the envelope and closes when the headers never end', async () => {
    const conn = await connectRaw(t.url);
    await conn.send(`GET /v1/widgets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.key}\r\n`);
    assertTimedOut(await conn.finish(PATIENCE_MS));
  });

  it('closes a connection that never sends a byte', async () => {
    const conn = await connectRaw(t.url);
    const res = await conn.finish(PATIENCE_MS);
    assert.ok(res.closedByServer, 'the server closes the connection');
    assert.equal(res.status, 408);
  });

  it('closes a connection refused before its body arrived (401), rather than wait for the rest', async () => {
    const conn = await connectRaw(t.url);
    await conn.send('POST /v1/widgets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na');
    const res = await conn.finish(PATIENCE_MS);
    assert.equal(res.status, 401, res.text);
    assert.equal(res.headers.connection, 'close');
    assert.ok(res.closedByServer, 'the server closes the connection');
  });

  it('keeps serving a request sent on time, and keeps an idle keep-alive connection past the timeout', async () => {
    const conn = await connectRaw(t.url);
    const body = '{"name":"on time"}';
    await conn.send(head(body.length) + body);
    const first = await conn.response(PATIENCE_MS);
    assert.equal(first.status, 200, first.text);
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3));
    await conn.send(head(body.length) + body);
    const second = await conn.response(PATIENCE_MS);
    assert.equal(second.status, 200, second.text);
    assert.ok(!second.closedByServer);
    conn.socket.destroy();
  });

  it('lets a signed upload take longer than the timeout: it has an idle timeout of its own', async () => {
    const session = await createSession(t, { filename: 'a.txt', mimeType: 'text/plain', sizeBytes: 5 });
    const res = await fetch(session.uploadUrl, {
      method: 'PUT',
      headers: { ...session.uploadHeaders, 'content-length': '5' },
      // Spread over three times the timeout.
      body: slowBody('hello', TIMEOUT_MS * 3),
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 200, await res.text());
  });
});

describe('FIELDHOUSE_MAX_CONNECTIONS', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { FIELDHOUSE_MAX_CONNECTIONS: '2' } });
  });
  after(() => t.stop());

  it('closes connections past the cap at once and serves those within it', async () => {
    const open = [await connectRaw(t.url), await connectRaw(t.url)];
    // A connection the server answered is one it has counted.
    for (const conn of open) {
      await conn.send('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.equal((await conn.response(PATIENCE_MS)).status, 200, 'a connection within the cap is served');
    }
    const third = await connectRaw(t.url);
    const refused = await third.finish(PATIENCE_MS);
    assert.ok(refused.closedByServer, 'the connection past the cap is closed');
    assert.equal(refused.status, undefined, 'and gets no answer');
    await open[0]!.send('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await open[0]!.response(PATIENCE_MS)).status, 200, 'those within the cap go on being served');
    for (const conn of open) conn.socket.destroy();
  });
});

describe('the request timeout settings', () => {
  it('default to 30 s and 1000 connections, and refuse what is not a sensible number', () => {
    const config = loadConfig({});
    assert.equal(config.requestTimeoutMs, 30_000);
    assert.equal(config.maxConnections, 1_000);
    for (const value of ['0', '-5', 'soon', '1.5']) {
      assert.throws(() => loadConfig({ FIELDHOUSE_REQUEST_TIMEOUT_MS: value }), ConfigError, value);
    }
    assert.throws(() => loadConfig({ FIELDHOUSE_MAX_CONNECTIONS: '0' }), ConfigError);
  });

  it('start a server at the longest timeout they take', async () => {
    // Node refuses a headers timeout above its own request timeout (300 s unless set).
    const t = await startTestServer({ env: { FIELDHOUSE_REQUEST_TIMEOUT_MS: '3600000' } });
    try {
      assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
    } finally {
      await t.stop();
    }
  });
});
