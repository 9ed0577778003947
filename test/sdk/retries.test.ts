import assert from 'node:assert/strict';
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Lightfield, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from '@fieldhouse/sdk';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Hit {
  /** When the server received it (server clock). */
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Reply = (res: ServerResponse, hit: Hit) => void | Promise<void>;

interface ScriptedServer {
  url: string;
  hits: Hit[];
  close(): Promise<void>;
}

/** A local HTTP server answering its n-th request with `script[n]` (the last one repeats). */
async function scriptedServer(script: Reply[]): Promise<ScriptedServer> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      const hit = { at: Date.now(), method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      hits.push(hit);
      void script[Math.min(hits.length - 1, script.length - 1)]!(res, hit);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${status}`, ...headers }).end(JSON.stringify(body));
  };
const error = (status: number, type: string, headers: Record<string, string> = {}) => json(status, { error: { type, message: `${type} now` } }, headers);
const hang: Reply = () => {};
const ok = json(200, { active: true, tokenType: 'api_key', subjectType: 'user', scopes: [] });

describe('SDK retries against a local server', () => {
  let servers: ScriptedServer[] = [];
  const serve = async (script: Reply[]) => {
    const s = await scriptedServer(script);
    servers.push(s);
    return s;
  };
  const clientFor = (s: ScriptedServer, options: ConstructorParameters<typeof Lightfield>[0] = {}) => new Lightfield({ apiKey: 'sk_lf_test', baseURL: s.url, ...options });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  it('retries two 503s and succeeds on the third attempt, every attempt carrying the same Idempotency-Key', async () => {
    const created = { id: 'opp_1' };
    const s = await serve([error(503, 'service_unavailable', { 'retry-after-ms': '10' }), error(503, 'service_unavailable', { 'retry-after-ms': '10' }), json(200, created)]);
    const body = { fields: { $name: 'Deal', $stage: 'Demo' }, relationships: { $account: 'acc_1' } };
    assert.deepEqual(await clientFor(s).opportunity.create(body), created);
    assert.equal(s.hits.length, 3);
    const keys = new Set(s.hits.map((h) => h.headers['idempotency-key']));
    assert.equal(keys.size, 1, 'one key for the three attempts');
    assert.match([...keys][0] as string, /^fieldhouse-sdk-/);
    for (const hit of s.hits) {
      assert.deepEqual([hit.method, hit.url, JSON.parse(hit.body)], ['POST', '/v1/opportunities', body]);
      assert.equal(hit.headers['lightfield-version'], '2026-03-01');
      assert.equal(hit.headers.authorization, 'Bearer sk_lf_test');
    }
  });

  it("reuses the caller's own key across retries; a read carries none; each write gets a fresh one", async () => {
    const s = await serve([error(500, 'internal_server_error', { 'retry-after-ms': '0' }), json(200, { id: 'acc_1' })]);
    const client = clientFor(s);
    await client.account.update('acc_1', { fields: { $name: 'x' } }, { idempotencyKey: 'mine-1' });
    assert.deepEqual(s.hits.map((h) => h.headers['idempotency-key']), ['mine-1', 'mine-1']);
    await client.account.create({ fields: { $name: 'a' } });
    await client.account.create({ fields: { $name: 'b' } });
    const [a, b] = s.hits.slice(2).map((h) => h.headers['idempotency-key']);
    assert.ok(a && b && a !== b);
    await client.account.retrieve('acc_1');
    assert.equal(s.hits.at(-1)!.headers['idempotency-key'], undefined);
  });

  it('waits out a 429 with Retry-After: 1; with maxRetries: 0 it surfaces RateLimitError', async () => {
    const s = await serve([error(429, 'too_many_requests', { 'retry-after': '1' }), ok]);
    assert.equal((await clientFor(s).auth.validate()).active, true);
    assert.equal(s.hits.length, 2);
    assert.ok(s.hits[1]!.at - s.hits[0]!.at >= 950, `retried ${s.hits[1]!.at - s.hits[0]!.at} ms after the 429`);

    const limited = await serve([error(429, 'too_many_requests', { 'retry-after': '1' }), ok]);
    const err = await clientFor(limited, { maxRetries: 0 }).auth.validate().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof RateLimitError);
    assert.deepEqual([err.status, err.type, err.requestID], [429, 'too_many_requests', 'req_429']);
    assert.equal(limited.hits.length, 1);
  });

  it('gives up after maxRetries with the last status as its class, and never retries a 400', async () => {
    const s = await serve([error(502, 'bad_gateway', { 'retry-after-ms': '5' })]);
    const err = await clientFor(s, { maxRetries: 3 }).auth.validate().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof InternalServerError);
    assert.equal(err.status, 502);
    assert.equal(s.hits.length, 4);

    const bad = await serve([json(400, { error: { type: 'bad_request', message: 'No.', code: 'invalid_type', param: 'limit' } })]);
    const refused = await clientFor(bad).opportunity.list({ limit: 0 }).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof BadRequestError);
    assert.deepEqual([refused.code, refused.param], ['invalid_type', 'limit']);
    assert.equal(bad.hits.length, 1);
    assert.equal(bad.hits[0]!.url, '/v1/opportunities?limit=0');
  });

  it('retries 408 and 409 too', async () => {
    const s = await serve([error(408, 'request_timeout', { 'retry-after-ms': '0' }), error(409, 'conflict', { 'retry-after-ms': '0' }), ok]);
    await clientFor(s).auth.validate();
    assert.equal(s.hits.length, 3);
  });

  it('times out with APIConnectionTimeoutError, retrying the timeout like a connection error', async () => {
    const s = await serve([hang]);
    const err = await clientFor(s, { timeout: 100, maxRetries: 0 }).auth.validate().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof APIConnectionTimeoutError);
    assert.ok(err instanceof APIConnectionError);
    assert.equal(err.status, undefined);
    const again = await clientFor(s, { maxRetries: 1 }).auth.validate({ timeout: 100 }).then(() => undefined, (e: unknown) => e);
    assert.ok(again instanceof APIConnectionTimeoutError);
    assert.equal(s.hits.length, 3);
  });

  it('reports a refused connection as APIConnectionError, and a caller abort as APIUserAbortError without retrying', async () => {
    const closed = await scriptedServer([ok]);
    await closed.close();
    const err = await clientFor(closed, { maxRetries: 0 }).auth.validate().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof APIConnectionError && !(err instanceof APIConnectionTimeoutError));

    const s = await serve([hang]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await clientFor(s).auth.validate({ signal: controller.signal }).then(() => undefined, (e: unknown) => e);
    assert.ok(aborted instanceof APIUserAbortError);
    assert.equal(s.hits.length, 1);
  });

  it('sends defaultHeaders, lets a request override or remove them, and reads the response headers', async () => {
    const s = await serve([json(200, { status: 'completed' }, { 'x-extra': 'yes' })]);
    const client = clientFor(s, { defaultHeaders: { 'x-team': 'sales', 'x-drop': 'me' } });
    const { data, response, requestID } = await client.workflowRun.status('wfr 1/2', { headers: { 'x-drop': null, 'x-one': '1' } }).withResponse();
    assert.deepEqual([data.status, response.headers.get('x-extra'), requestID], ['completed', 'yes', 'req_200']);
    const hit = s.hits[0]!;
    assert.equal(hit.url, '/v1/workflowRun/wfr%201%2F2/status', 'path parameters are encoded');
    assert.deepEqual([hit.headers['x-team'], hit.headers['x-drop'], hit.headers['x-one']], ['sales', undefined, '1']);
  });
});

describe('SDK retries against a real server: responses lost twice, the record made once', () => {
  let t: TestServer;
  let proxy: ScriptedServer;
  before(async () => {
    t = await startTestServer();
    // Every request reaches fieldhouse; the first two answers are replaced by a 503 on the way back.
    const forward: Reply = async (res, hit) => {
      const pick = (headers: Record<string, unknown>, names: string[]) =>
        Object.fromEntries(names.filter((n) => typeof headers[n] === 'string').map((n) => [n, headers[n] as string]));
      const sent = pick(hit.headers, ['authorization', 'lightfield-version', 'content-type', 'idempotency-key']);
      const answer = await fetch(t.url + hit.url, { method: hit.method, headers: sent, body: hit.body || undefined });
      const text = await answer.text();
      if (proxy.hits.length <= 2) return json(503, { error: { type: 'service_unavailable', message: 'lost' } }, { 'retry-after-ms': '10' })(res, hit);
      res.writeHead(answer.status, pick(Object.fromEntries(answer.headers), ['content-type', 'request-id', 'idempotent-replayed'])).end(text);
    };
    proxy = await scriptedServer([forward]);
  });
  after(async () => {
    await proxy.close();
    await t.stop();
  });

  it('creates one opportunity: the retries replay the first attempt under the same key', async () => {
    const direct = new Lightfield({ apiKey: t.key, baseURL: t.url });
    const account = await direct.account.create({ fields: { $name: 'Retry Co' } });
    const client = new Lightfield({ apiKey: t.key, baseURL: proxy.url });
    const { data, response } = await client.opportunity
      .create({ fields: { $name: 'Survives', $stage: 'Demo' }, relationships: { $account: account.id } })
      .withResponse();
    assert.equal(proxy.hits.length, 3);
    assert.equal(new Set(proxy.hits.map((h) => h.headers['idempotency-key'])).size, 1);
    assert.equal(response.headers.get('idempotent-replayed'), 'true');
    const all = await direct.opportunity.list({ filter: { $account: account.id } });
    assert.deepEqual(all.data.map((o) => o.id), [data.id], 'one record');
  });
});
