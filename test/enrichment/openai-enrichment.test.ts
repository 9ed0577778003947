import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FAST_JOBS } from '../jobs/helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PAGE = `<!doctype html><html><head><title>Acme Rockets</title><meta property="og:site_name" content="Acme Rockets"></head>
<body><h1>Rockets for every coyote</h1><p>We sell rockets by subscription.</p><a href="https://twitter.com/acmerockets">X</a></body></html>`;

/** One loopback server: the company's website at /, and an OpenAI-compatible chat endpoint at /v1. */
function fakeWorld() {
  const state = { answer: '{}', requests: [] as Array<{ auth: string | undefined; body: any }> };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      if (!req.url?.startsWith('/v1/')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end(PAGE);
      }
      state.requests.push({ auth: req.headers.authorization, body: JSON.parse(text || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1_700_000_000,
          model: 'fake-model',
          choices: [{ index: 0, message: { role: 'assistant', content: state.answer }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  return { state, server };
}

async function finished(t: TestServer, runId: string): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const run = (await t.request({ path: `/v1/enrichmentRun/${runId}` })).body;
    if (['completed', 'failed', 'timed_out'].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`enrichment run ${runId} did not finish`);
}

describe('the openai enrichment provider against a local OpenAI-compatible server', () => {
  const world = fakeWorld();
  let t: TestServer;
  let base: string;

  before(async () => {
    await new Promise<void>((resolve) => world.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(world.server.address() as AddressInfo).port}`;
    t = await startTestServer({
      env: {
        ...FAST_JOBS,
        FIELDHOUSE_ENRICHMENT_PROVIDER: 'openai',
        FIELDHOUSE_ENRICHMENT_ALLOW_PRIVATE: '1',
        OPENAI_BASE_URL: `${base}/v1`,
        OPENAI_API_KEY: 'sk-test',
        FIELDHOUSE_ENRICHMENT_MODEL: 'fake-model',
      },
    });
  });
  after(async () => {
    await t.stop();
    world.server.closeAllConnections();
    await new Promise<void>((resolve) => world.server.close(() => resolve()));
  });

  it("asks the model about the page's text and writes what it states, the page's tags filling the rest", async () => {
    world.state.answer = JSON.stringify({ name: 'Acme Rockets, Inc.', description: 'Acme sells rockets to coyotes by subscription.', facebook: 42 });
    const account = (await t.request({ path: '/v1/accounts', json: { fields: { $name: 'acme' } } })).body;
    await t.request({ path: `/v1/accounts/${account.id}`, json: { fields: { $website: `${base}/` } } });
    const asked = await t.request({ method: 'POST', path: `/v1/enrichmentRun/accounts/${account.id}`, json: { fields: ['$name', '$howTheyMakeMoney', '$twitter', '$facebook'] } });
    assert.equal(asked.body.status, 'started', asked.text);
    assert.equal((await finished(t, asked.body.enrichmentRun.id)).status, 'completed');

    const request = world.state.requests.at(-1)!;
    assert.equal(request.auth, 'Bearer sk-test');
    assert.equal(request.body.model, 'fake-model');
    assert.deepEqual(request.body.response_format, { type: 'json_object' });
    assert.match(JSON.stringify(request.body.messages), /We sell rockets by subscription/, 'the page text is what the model reads');

    const fields = (await t.request({ path: `/v1/accounts/${account.id}` })).body.fields;
    assert.equal(fields.$name.value, 'Acme Rockets, Inc.', 'the model’s name over the page title');
    assert.equal(fields.$howTheyMakeMoney.value, 'Acme sells rockets to coyotes by subscription.');
    assert.equal(fields.$twitter.value, 'https://x.com/acmerockets', 'what the model left out comes from the page');
    assert.equal(fields.$facebook.value, null, 'an answer that is not a string is dropped');
  });

  it('fails the run when the model answers something other than a JSON object, writing nothing', async () => {
    world.state.answer = 'Sure! Here is what I found: Acme.';
    const account = (await t.request({ path: '/v1/accounts', json: { fields: { $name: 'Plain', $website: `${base}/` } } })).body;
    const asked = await t.request({ method: 'POST', path: `/v1/enrichmentRun/accounts/${account.id}`, json: { fields: ['$name'] } });
    const run = await finished(t, asked.body.enrichmentRun.id);
    assert.equal(run.status, 'failed', JSON.stringify(run));
    assert.equal((await t.request({ path: `/v1/accounts/${account.id}` })).body.fields.$name.value, 'Plain');
  });
});
