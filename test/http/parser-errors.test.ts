import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertConforms } from '../helpers/conformance.js';
import { connectRaw, type RawExchange } from '../helpers/raw-http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PATIENCE_MS = 3_000;

/** What every answer of the HTTP parser carries: the envelope, a request id, and the end of the connection. */
function assertRefused(res: RawExchange, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(res.body?.error?.type, 'bad_request', res.text);
  assert.equal(res.body.error.code, code);
  assertConforms(undefined, status, res.body);
  assert.equal(typeof res.body.error.message, 'string');
  assert.match(res.headers['request-id'] ?? '', /^req_[0-9A-Z]{26}$/);
  assert.equal(res.headers.connection, 'close');
  assert.ok(res.closedByServer, 'the server closes the connection');
}

describe("what Node's HTTP parser refuses is answered in the error envelope", () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  const exchange = async (bytes: string) => {
    const conn = await connectRaw(t.url);
    await conn.send(bytes);
    return conn.finish(PATIENCE_MS);
  };

  it('400 invalid_type for Content-Length: -1, saying what is wrong', async () => {
    const res = await exchange('POST /v1/auth/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}');
    assertRefused(res, 400, 'invalid_type');
    assert.match(res.body.error.message, /not valid HTTP\/1\.1.*Content-Length/);
  });

  it('400 invalid_type for a request line that is not HTTP', async () => {
    const res = await exchange('HELLO THERE\r\n\r\n');
    assertRefused(res, 400, 'invalid_type');
  });

  it('431 for headers over the limit, naming it', async () => {
    const res = await exchange(`GET /v1/auth/validate HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assertRefused(res, 431, 'headers_too_large');
    assert.match(res.body.error.message, /16384-byte limit/);
  });
});
